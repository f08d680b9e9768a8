# Clear Linux OS guest for Kata Containers, in the form of Kata's osbuilder rootfs-builder. No
# rootfs_lib.sh: the generic dnf build installs PACKAGES from Clear's RPM repository.
# Clear Linux ended in July 2025 and its servers were archived: point rootfs.mirror at a copy
# (a folder holding latest and releases/<version>/clear/<arch>/os/) to keep building.

OS_NAME=Clear
REPO_NAME=clear
OS_VERSION=${OS_VERSION:-latest}

# The mirror root: rootfs.mirror (REPO_URL), else Clear's download server.
clear_default=https://cdn.download.clearlinux.org
REPO_URL=${REPO_URL:-${clear_default}}
clear_url=${REPO_URL%/}

# "latest" is resolved now, so the build records (osbuilder.yaml) the release it really used.
if [ "${OS_VERSION}" = "latest" ]; then
	if ! OS_VERSION=$(curl -fsSL --connect-timeout 5 --max-time 15 "${clear_url}/latest" | tr -d '[:space:]'); then
		[ "${clear_url}" != "${clear_default}" ] ||
			die "Clear Linux OS ended upstream in July 2025 and its download server is archived (${clear_url}/latest did not answer). Point -Drootfs.mirror=URL at an archived copy of it: a folder (file:// or http) holding latest and releases/<version>/clear/x86_64/os/."
		die "Cannot read ${clear_url}/latest to resolve OS_VERSION=latest. Check that -Drootfs.mirror=${clear_url} is a copy of Clear Linux's download server (it holds latest and releases/<version>/clear/x86_64/os/), or name a release the copy holds with -Drootfs.osVersion=NUMBER."
	fi
	case "${OS_VERSION}" in
	'' | *[!0-9]*) die "${clear_url}/latest did not give a release number (got '${OS_VERSION}'): set -Drootfs.osVersion=NUMBER" ;;
	esac
	info "Clear Linux latest is release ${OS_VERSION}"
fi

BASE_URL=${BASE_URL:-"${clear_url}/releases/${OS_VERSION}/${REPO_NAME}/${ARCH}/os/"}

PACKAGES="libudev0-shim kmod-bin iptables-bin"
if [ "${AGENT_INIT:-no}" = "no" ]; then
	PACKAGES+=" systemd chrony util-linux-bin"
fi
if [ "${SECCOMP:-no}" = "yes" ]; then
	PACKAGES+=" libseccomp"
fi

INIT_PROCESS=systemd
# Clear Linux published x86_64 only.
ARCH_EXCLUDE_LIST=(aarch64 ppc64le s390x)

# Clear's RPM repository is not signed for dnf: there is no key to check (the build warns).
GPG_KEY_FILE=${GPG_KEY_FILE:-}
