# Debian's build_rootfs: a minbase system with PACKAGES and EXTRA_PKGS, by mmdebstrap when this
# machine has it (about twice as fast), else by debootstrap (DEBIAN_BOOTSTRAP chooses).
# Ubuntu's jar carries this same file: DEBIAN_SUITE names the suite when OS_VERSION is a number,
# and GPG_KEY_FILE (verified by the driver) replaces this machine's keyrings.

build_rootfs() {
	local rootfs_dir=$1
	[ -n "${rootfs_dir}" ] || die "need rootfs"
	[ -n "${REPO_URL}" ] || die "No Debian mirror: set -Drootfs.mirror=URL or REPO_URL"
	# the plugin names the Debian architecture of ARCH (one table of names, in its Arch)
	local deb_arch=${ROOTFS_DEB_ARCH:?the plugin sets ROOTFS_DEB_ARCH}
	local pkgs include
	split_words pkgs "${PACKAGES}" "${EXTRA_PKGS}"
	include=$(IFS=,; echo "${pkgs[*]}")
	local suite=${DEBIAN_SUITE:-${OS_VERSION}}
	info "${OS_NAME:-debian} ${suite} (${deb_arch}) from ${REPO_URL} with: ${include}"

	local keyring=()
	local key
	key=$(verified_gpg_key) || exit 1
	if [ -n "${key}" ]; then
		local ring="${ROOTFS_WORK_DIR}/keys/archive-keyring.gpg"
		mkdir -p "$(dirname "${ring}")"
		if grep -q -- '-----BEGIN PGP' "${key}"; then
			gpg --batch --yes --dearmor -o "${ring}" "${key}"
		else
			cp "${key}" "${ring}"
		fi
		keyring=(--keyring="${ring}")
		info "The archive's signatures are checked against ${key} only"
	fi

	local hooks=()
	# without this hook bookworm pulls in usrmerge and perl (+51 MB)
	if [ -d /usr/share/mmdebstrap/hooks/merged-usr ]; then
		hooks=(--hook-dir=/usr/share/mmdebstrap/hooks/merged-usr)
	fi
	local options=(--variant=minbase --architectures="${deb_arch}" --include="${include}" --components=main
		"${keyring[@]}"
		"${hooks[@]}" --aptopt='Acquire::Retries "3"'
		--customize-hook='rm -f "$1/etc/hostname" "$1/etc/resolv.conf"')
	# apt's and dpkg's line per package: the plugin counts them into a progress line (its log keeps them)
	options+=(--verbose)
	local tool=${DEBIAN_BOOTSTRAP:-auto}
	case "${tool}" in
	auto) if check_program mmdebstrap; then tool=mmdebstrap; else tool=debootstrap; fi ;;
	mmdebstrap | debootstrap) ;;
	*) die "DEBIAN_BOOTSTRAP=${tool}: use auto, mmdebstrap or debootstrap" ;;
	esac
	check_program "${tool}" || die "${tool} is not installed: apt-get install ${tool}"

	# the plugin's package cache (rootfs.packageCache): the .debs of earlier builds go in before apt
	# downloads, and what this build fetched comes back out before mmdebstrap cleans the cache away
	# (mmdebstrap(1), "--skip=download/empty"); the rootfs holds none of them either way
	local index_out=
	if [ -n "${ROOTFS_PACKAGE_CACHE:-}" ] && [ "${tool}" = mmdebstrap ]; then
		info "Package cache: ${ROOTFS_PACKAGE_CACHE} ($(find "${ROOTFS_PACKAGE_CACHE}" -name '*.deb' | wc -l) packages)"
		options+=(--skip=download/empty --skip=essential/unlink
			--setup-hook='mkdir -p "$1"/var/cache/apt/archives/'
			--setup-hook="sync-in ${ROOTFS_PACKAGE_CACHE} /var/cache/apt/archives/"
			--customize-hook="sync-out /var/cache/apt/archives ${ROOTFS_PACKAGE_CACHE}")
		if [ "${ROOTFS_OFFLINE:-}" = true ]; then
			# Maven runs offline: apt reads the index the last online build kept (no "apt-get update")
			# and may not download, so a package missing from the cache fails the build by name
			# (its fetches go to a closed local port, so apt's Err: lines name what is missing)
			info "Offline: the index and the packages come from the package cache, nothing is downloaded"
			options+=(--skip=update --aptopt='Acquire::Retries "0"'
				--aptopt='Acquire::http::Proxy "http://127.0.0.1:9/"' --aptopt='Acquire::https::Proxy "http://127.0.0.1:9/"'
				--setup-hook='mkdir -p "$1"/var/lib/apt/lists/'
				--setup-hook="sync-in ${ROOTFS_INDEX_CACHE:?} /var/lib/apt/lists/"
				# mmdebstrap keeps --aptopt in the guest's apt.conf.d: take these back out
				--customize-hook='sed -i -e "/^Acquire::Retries \"0\";\$/d" -e "/127\.0\.0\.1:9/d" "$1/etc/apt/apt.conf.d/99mmdebstrap"')
		elif [ -n "${ROOTFS_INDEX_CACHE:-}" ]; then
			# the index apt read comes out before mmdebstrap removes it, into a folder of this build
			# beside the kept one (a path the plugin checked: hooks split on blanks), which replaces
			# the kept one by a rename once mmdebstrap succeeded
			index_out="${ROOTFS_INDEX_CACHE}.new.$$"
			rm -rf "${index_out}" && mkdir -p "${index_out}"
			ROOTFS_INDEX_OUT=${index_out}
			trap 'rm -rf "${ROOTFS_INDEX_OUT}" "${ROOTFS_INDEX_OUT}.mirror"' EXIT
			options+=(--customize-hook="sync-out /var/lib/apt/lists ${index_out}")
		fi
	fi

	if [ "${ROOTFS_OFFLINE:-}" = true ] && [ "${tool}" != mmdebstrap ]; then
		die "Maven runs offline (-o), and only mmdebstrap builds from the package cache: unset DEBIAN_BOOTSTRAP, or run without -o"
	fi
	if [ "$(id -u)" != "0" ]; then
		[ "${tool}" = mmdebstrap ] || die "Without root only mmdebstrap can build Debian: apt-get install mmdebstrap"
		# In a user namespace the tree's owners are subordinate ids this user cannot keep on disk, so
		# mmdebstrap delivers the tree as a tar stream (ROOTFS_TREE_TAR): the plugin unpacks it and
		# keeps every owner, setuid bit and device node in the tree's manifest.
		info "Not root: mmdebstrap --mode=unshare, the tree delivered as a tar stream"
		# The namespace's root is a subordinate id that cannot enter a private project folder, so
		# mmdebstrap's scratch chroot goes to /tmp (it removes it); only the tar stream comes here.
		TMPDIR=/tmp bootstrap_offline_aware mmdebstrap --mode=unshare "${options[@]}" "${suite}" "${ROOTFS_TREE_TAR:?}" "${REPO_URL}"
	elif [ "${tool}" = mmdebstrap ]; then
		bootstrap_offline_aware mmdebstrap --mode=root "${options[@]}" "${suite}" "${rootfs_dir}" "${REPO_URL}"
	else
		debootstrap --variant=minbase --arch="${deb_arch}" --include="${include}" \
			"${suite}" "${rootfs_dir}" "${REPO_URL}"
		# debootstrap keeps the .debs, the package lists and the host's name
		rm -rf "${rootfs_dir}"/var/cache/apt/archives/*.deb "${rootfs_dir}"/var/lib/apt/lists/* \
			"${rootfs_dir}/etc/hostname" "${rootfs_dir}"/var/log/*.log "${rootfs_dir}"/var/log/apt/*.log
		: >"${rootfs_dir}/etc/machine-id"
	fi
	if [ -n "${index_out}" ]; then
		rm -rf "${index_out}/lock" "${index_out}/partial" "${index_out}/auxfiles"
		printf '%s\n' "${REPO_URL}" >"${index_out}.mirror"
		# two renames: an offline build that starts right then finds no index and says so
		local old="${ROOTFS_INDEX_CACHE}.old.$$"
		mv -T "${ROOTFS_INDEX_CACHE}" "${old}" 2>/dev/null || true
		mv -T "${index_out}" "${ROOTFS_INDEX_CACHE}"
		mv -T "${index_out}.mirror" "${ROOTFS_INDEX_CACHE}.mirror"
		rm -rf "${old}"
	fi
}

# Runs mmdebstrap; offline, a failure names the packages the cache lacks (apt's "Err:N URL
# SUITE ARCH NAME ARCH VERSION" lines) instead of apt's "Unable to fetch some archives".
bootstrap_offline_aware() {
	if [ "${ROOTFS_OFFLINE:-}" != true ]; then
		"$@"
		return
	fi
	local out="${ROOTFS_WORK_DIR}/offline-bootstrap.log" rc=0
	"$@" 2>&1 | tee "${out}" || rc=$?
	[ "${rc}" = 0 ] && return
	local missing
	missing=$(sed -n 's/^Err:[0-9]* [^ ]* [^ ]* [^ ]* \([^ ]*\) [^ ]* \([^ ]*\)$/\1 (\2)/p' "${out}" | paste -sd, - | sed 's/,/, /g')
	[ -n "${missing}" ] || exit "${rc}"
	die "Maven runs offline (-o), and the package cache ${ROOTFS_PACKAGE_CACHE} lacks: ${missing}. Run once without -o to fetch them, or point -Drootfs.packageCache at a cache that has them"
}
