# build_rootfs with Kata's helpers: a FIXTURE userspace made of the host's static busybox.
build_rootfs() {
	local rootfs_dir=$1
	[ -z "${rootfs_dir}" ] && die "need rootfs"
	check_root
	check_program busybox || die "busybox is not installed (apt-get install busybox-static)"
	info "Building ${OS_NAME} ${OS_VERSION} for ${ARCH} into ${rootfs_dir}"
	mkdir -p "${rootfs_dir}/bin" "${rootfs_dir}/sbin" "${rootfs_dir}/etc" "${rootfs_dir}/var/tmp"
	cp "$(command -v busybox)" "${rootfs_dir}/bin/busybox"
	ln -s /bin/busybox "${rootfs_dir}/sbin/init"
	printf '%s\n' "${COMMON_MARKER}" "${ARCH_MARKER}" "${MY_SETTING}" "${EXTRA_PKGS}" "${AGENT_INIT}" \
		"$(basename "${CONFIG_DIR}")" "[${EMPTY_SETTING-unset}]" > "${rootfs_dir}/etc/build-probe"
	OK "fixture userspace in place"
}
