# openSUSE Leap guest for Kata Containers, in the form of Kata's osbuilder rootfs-builder.
# rootfs_lib.sh installs PACKAGES with zypper --root (no kiwi needed).
# Every variable can be set by the caller (rootfs.osVersion, rootfs.mirror, <environment>).

OS_NAME=openSUSE-Leap
OS_DISTRO=Leap
OS_VERSION=${OS_VERSION:-15.6}

PACKAGES="systemd coreutils libudev1 iptables chrony kmod"
if [ "${AGENT_INIT:-no}" = "yes" ]; then
	PACKAGES="coreutils iptables chrony kmod"
fi
if [ "${SECCOMP:-no}" = "yes" ]; then
	PACKAGES+=" libseccomp2"
fi

INIT_PROCESS=systemd
ARCH_EXCLUDE_LIST=(s390x)

# The mirror root (rootfs.mirror / REPO_URL): the folder holding distribution/ and update/, by
# default openSUSE's; aarch64 and ppc64le live under ports/<arch>/ on openSUSE's own server.
REPO_URL=${REPO_URL:-}
suse_root=${REPO_URL:-https://download.opensuse.org}
suse_root=${suse_root%/}
suse_ports=""
if [ -z "${REPO_URL}" ]; then
	case "${ARCH}" in
	aarch64) suse_ports=/ports/aarch64 ;;
	ppc64le) suse_ports=/ports/ppc ;;
	esac
fi
SUSE_REPO_OSS=${SUSE_REPO_OSS:-"${suse_root}${suse_ports}/distribution/leap/${OS_VERSION}/repo/oss/"}
SUSE_REPO_UPDATE=${SUSE_REPO_UPDATE:-"${suse_root}${suse_ports}/update/leap/${OS_VERSION}/oss/"}
REPO_PROBE_URL=${REPO_PROBE_URL:-"${SUSE_REPO_OSS%/}/repodata/repomd.xml"}

# openSUSE's signing key (2022), shipped beside this file.
GPG_KEY_FILE=${GPG_KEY_FILE:-RPM-GPG-KEY-openSUSE-2022}
GPG_KEY_URL=${GPG_KEY_URL:-}
if [ "${GPG_KEY_FILE}" = "RPM-GPG-KEY-openSUSE-2022" ]; then
	GPG_KEY_FINGERPRINT=${GPG_KEY_FINGERPRINT:-AD485664E901B867051AB15F35A2F86E29B700A4}
fi
