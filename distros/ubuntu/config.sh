# Ubuntu guest for Kata Containers, in the form of Kata's osbuilder rootfs-builder. Its rootfs_lib.sh
# is Debian's (the jar carries a copy): a minbase system by mmdebstrap or debootstrap.
# Every variable can be set by the caller (rootfs.osVersion, rootfs.mirror, <environment>).

OS_NAME=ubuntu
# 26.04 "resolute", the release Kata's own builder uses; the number is what osbuilder.yaml records.
OS_VERSION=${OS_VERSION:-26.04}

# The suite mmdebstrap asks the archive for: a codename (a codename given as OS_VERSION works too).
case "${OS_VERSION}" in
26.04) DEBIAN_SUITE=${DEBIAN_SUITE:-resolute} ;;
25.10) DEBIAN_SUITE=${DEBIAN_SUITE:-questing} ;;
24.04) DEBIAN_SUITE=${DEBIAN_SUITE:-noble} ;;
22.04) DEBIAN_SUITE=${DEBIAN_SUITE:-jammy} ;;
[0-9]*) [ -n "${DEBIAN_SUITE:-}" ] || die "No codename known for Ubuntu ${OS_VERSION}: set -Drootfs.osVersion=CODENAME or DEBIAN_SUITE" ;;
*) DEBIAN_SUITE=${DEBIAN_SUITE:-${OS_VERSION}} ;;
esac

# Kata's package set for an Ubuntu guest.
PACKAGES="chrony iptables dbus"
if [ "${AGENT_INIT:-no}" = "no" ]; then
	PACKAGES+=" init"
fi
if [ "${SECCOMP:-no}" = "yes" ]; then
	PACKAGES+=" libseccomp2"
fi

INIT_PROCESS=systemd
ARCH_EXCLUDE_LIST=()

# The archive: rootfs.mirror (REPO_URL), else Ubuntu's; arches other than x86_64 live on the ports archive.
REPO_URL=${REPO_URL:-}
if [ -z "${REPO_URL}" ]; then
	case "${ARCH}" in
	x86_64) REPO_URL=http://archive.ubuntu.com/ubuntu ;;
	*) REPO_URL=http://ports.ubuntu.com/ubuntu-ports ;;
	esac
fi
REPO_PROBE_URL=${REPO_PROBE_URL:-"${REPO_URL%/}/dists/${DEBIAN_SUITE}/InRelease"}

# Ubuntu's archive key (2018) is fetched from Ubuntu's key server at build time and must have this
# fingerprint; GPG_KEY_FILE=/path/to/key uses a copy instead.
GPG_KEY_FILE=${GPG_KEY_FILE:-ubuntu-archive-2018.asc}
GPG_KEY_FINGERPRINT=${GPG_KEY_FINGERPRINT:-F6ECB3762474EDA9D21B7022871920D1991BC93C}
GPG_KEY_URL=${GPG_KEY_URL:-"https://keyserver.ubuntu.com/pks/lookup?op=get&search=0x${GPG_KEY_FINGERPRINT}"}

DEBIAN_BOOTSTRAP=${DEBIAN_BOOTSTRAP:-auto}
