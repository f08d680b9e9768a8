# EulerOS guest for Kata Containers, in the form of Kata's osbuilder rootfs-builder. No
# rootfs_lib.sh: the generic dnf (or yum) build installs PACKAGES with --installroot.
# EulerOS 2.2 is old and its public repository may be gone: point rootfs.mirror at a copy.

OS_NAME=EulerOS
OS_VERSION=${OS_VERSION:-2.2}

PACKAGES="iptables chrony"
if [ "${AGENT_INIT:-no}" = "no" ]; then
	PACKAGES+=" systemd"
fi
if [ "${SECCOMP:-no}" = "yes" ]; then
	PACKAGES+=" libseccomp"
fi

INIT_PROCESS=systemd
ARCH_EXCLUDE_LIST=(aarch64 ppc64le s390x)

# The repository: BASE_URL as given; else the root of a EulerOS yum tree (rootfs.mirror / REPO_URL,
# the folder holding <version>/os/<arch>/), by default Huawei's.
REPO_URL=${REPO_URL:-http://developer.huawei.com/ict/site-euleros/euleros/repo/yum}
BASE_URL=${BASE_URL:-"${REPO_URL%/}/${OS_VERSION}/os/${ARCH}/"}

# EulerOS's key, shipped beside this file.
GPG_KEY_FILE=${GPG_KEY_FILE:-RPM-GPG-KEY-EulerOS}
GPG_KEY_URL=${GPG_KEY_URL:-}
if [ "${GPG_KEY_FILE}" = "RPM-GPG-KEY-EulerOS" ]; then
	GPG_KEY_FINGERPRINT=${GPG_KEY_FINGERPRINT:-D96F7AA352E289C28D5D6CCE600317BC381D7AC3}
fi
