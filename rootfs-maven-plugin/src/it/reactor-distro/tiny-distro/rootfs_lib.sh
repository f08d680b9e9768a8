build_rootfs() {
	mkdir -p "$1/bin" "$1/sbin"
	cp "$(command -v busybox)" "$1/bin/busybox"
	ln -s /bin/busybox "$1/sbin/init"
	echo "built by ${ROOTFS_DISTRO_ID}" > "$1/tiny-marker"
}
