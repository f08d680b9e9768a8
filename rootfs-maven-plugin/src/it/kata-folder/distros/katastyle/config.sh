# A distro folder in the form of Kata's rootfs-builder.
OS_NAME="Katastyle"
OS_VERSION=${OS_VERSION:-2.0}
source "${script_dir}/common/${CONFIG_SH}"
PACKAGES="busybox"
INIT_PROCESS=systemd
ARCH_EXCLUDE_LIST=(s390x)
