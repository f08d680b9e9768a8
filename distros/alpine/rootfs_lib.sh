# Alpine's build_rootfs: apk creates a new database in the rootfs (--initdb) and installs
# BASE_PACKAGES, PACKAGES and EXTRA_PKGS from ALPINE_REPOSITORY, each package checked against
# Alpine's keys. Debian has no apk-tools: give a static apk as PKG_MANAGER.

alpine_apk() {
	if [ -n "${PKG_MANAGER:-}" ]; then
		check_program "${PKG_MANAGER}" || die "PKG_MANAGER=${PKG_MANAGER} is not an executable program"
		echo "${PKG_MANAGER}"
	elif check_program apk; then
		echo apk
	elif check_program apk.static; then
		echo apk.static
	else
		die "Alpine builds need apk, and this machine has neither apk nor apk.static (Debian 12 packages no apk-tools). Download Alpine's apk-tools-static package, extract sbin/apk.static and set PKG_MANAGER=/path/to/apk.static in <environment>, or build in a container (-Drootfs.backend=container)."
	fi
}

# Fills the folder $1 with Alpine's keys, each checked against alpine-keys.sha512.
alpine_keys() {
	local keys=$1
	mkdir -p "${keys}"
	if [ -n "${ALPINE_KEYS_DIR}" ]; then
		cp "${ALPINE_KEYS_DIR}"/*.pub "${keys}/" || die "ALPINE_KEYS_DIR=${ALPINE_KEYS_DIR} holds no *.pub keys"
		return 0
	fi
	local sum name
	while read -r sum name; do
		case "${sum}" in '' | '#'*) continue ;; esac
		curl -fsSL --connect-timeout 5 --max-time 30 "${ALPINE_KEYS_URL%/}/${name}" -o "${keys}/${name}" ||
			die "Cannot fetch Alpine's key ${ALPINE_KEYS_URL%/}/${name}: set ALPINE_KEYS_DIR=/path to a folder of keys"
		echo "${sum}  ${keys}/${name}" | sha512sum --check --status ||
			die "Alpine's key ${name} from ${ALPINE_KEYS_URL} does not match the SHA-512 in alpine-keys.sha512: refusing it"
	done <"${CONFIG_DIR}/alpine-keys.sha512"
}

build_rootfs() {
	local rootfs_dir=$1
	[ -n "${rootfs_dir}" ] || die "need rootfs"
	check_root
	local apk
	apk=$(alpine_apk) || exit 1
	mkdir -p "${rootfs_dir}/etc/apk"
	alpine_keys "${rootfs_dir}/etc/apk/keys"
	info "Alpine ${OS_VERSION} (${ARCH}) from ${ALPINE_REPOSITORY} with: ${BASE_PACKAGES} ${PACKAGES} ${EXTRA_PKGS}"
	local pkgs
	split_words pkgs "${BASE_PACKAGES}" "${PACKAGES}" "${EXTRA_PKGS}"
	"${apk}" --root "${rootfs_dir}" --initdb --no-cache --arch "${ARCH}" \
		--keys-dir "${rootfs_dir}/etc/apk/keys" --repository "${ALPINE_REPOSITORY}" \
		add "${pkgs[@]}"
	echo "${ALPINE_REPOSITORY}" >"${rootfs_dir}/etc/apk/repositories"
}
