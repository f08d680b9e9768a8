# openSUSE's build_rootfs: zypper installs PACKAGES and EXTRA_PKGS into the rootfs, after the
# distro key has been imported into the rootfs's rpm database, so every package and the repository
# metadata are checked against it.

build_rootfs() {
	local rootfs_dir=$1
	[ -n "${rootfs_dir}" ] || die "need rootfs"
	check_root
	check_program "${PKG_MANAGER:-zypper}" || die "zypper is not installed: apt-get install zypper rpm, or set PKG_MANAGER"
	check_program rpm || die "rpm is not installed: apt-get install rpm"
	local zypper=${PKG_MANAGER:-zypper}
	local key
	key=$(verified_gpg_key) || exit 1
	[ -n "${key}" ] || die "No signing key for openSUSE: set GPG_KEY_FILE"
	mkdir -p "${rootfs_dir}"
	local home
	home=$(rpm_home)
	HOME=${home} rpm --root "${rootfs_dir}" --dbpath /var/lib/rpm --import "${key}"

	local z=(env HOME="${home}" "${zypper}" --non-interactive --root "${rootfs_dir}")
	"${z[@]}" addrepo --check "${SUSE_REPO_OSS}" repo-oss
	if [ -n "${SUSE_REPO_UPDATE}" ] && [ "${SUSE_REPO_UPDATE}" != none ]; then
		if curl -fs -o /dev/null --connect-timeout 5 --max-time 15 "${SUSE_REPO_UPDATE%/}/repodata/repomd.xml"; then
			"${z[@]}" addrepo --check "${SUSE_REPO_UPDATE}" repo-update
		else
			warning "No update repository at ${SUSE_REPO_UPDATE}: building from ${SUSE_REPO_OSS} alone"
		fi
	fi
	"${z[@]}" refresh
	info "openSUSE Leap ${OS_VERSION} from ${SUSE_REPO_OSS} with: ${PACKAGES} ${EXTRA_PKGS}"
	local pkgs
	split_words pkgs "${PACKAGES}" "${EXTRA_PKGS}"
	"${z[@]}" install --no-recommends "${pkgs[@]}"
	"${z[@]}" clean --all
	remove_build_traces "${rootfs_dir}"
}
