# A FIXTURE distro module: the host's static busybox as its whole userspace.
OS_NAME=Tiny
OS_VERSION=${OS_VERSION:-1}
