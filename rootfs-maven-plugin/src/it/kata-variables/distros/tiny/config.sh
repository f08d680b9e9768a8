OS_NAME=tiny
OS_VERSION=${OS_VERSION:-1}
PACKAGES="busybox"
# what the build's variables were, for the IT to read in the guest
if [ "${SECCOMP:-no}" = "yes" ]; then
	PACKAGES+=" libseccomp"
fi
