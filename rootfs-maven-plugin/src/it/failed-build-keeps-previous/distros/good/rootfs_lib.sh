build_rootfs() {
	mkdir -p "$1/bin" "$1/sbin"
	cp "$(command -v busybox)" "$1/bin/busybox"
	ln -s /bin/busybox "$1/sbin/init"
	echo "first build" > "$1/good-marker"
}
