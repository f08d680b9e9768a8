# CentOS Stream guest for Kata Containers, in the form of Kata's osbuilder rootfs-builder. No
# rootfs_lib.sh: the generic dnf build installs PACKAGES from BaseOS with dnf --installroot.
# Every variable can be set by the caller (rootfs.osVersion, rootfs.mirror, <environment>).

OS_NAME=centos
OS_VERSION=${OS_VERSION:-stream9}

PACKAGES="chrony"
if [ "${AGENT_INIT:-no}" = "no" ]; then
	PACKAGES+=" systemd"
fi
if [ "${SECCOMP:-no}" = "yes" ]; then
	PACKAGES+=" libseccomp"
fi

INIT_PROCESS=systemd
ARCH_EXCLUDE_LIST=()

# stream9 is "9-stream" in the repository paths.
os_repo_version=$(echo "${OS_VERSION}" | sed -E 's/^stream(.+)$/\1-stream/')

# The repository: BASE_URL as given; else rootfs.mirror (REPO_URL) as the root of a CentOS Stream
# mirror (the folder holding 9-stream/); else CentOS's metalink for BaseOS.
REPO_URL=${REPO_URL:-}
if [ -z "${BASE_URL:-}" ] && [ -n "${REPO_URL}" ]; then
	BASE_URL="${REPO_URL%/}/${os_repo_version}/BaseOS/${ARCH}/os/"
fi
METALINK=${METALINK:-"https://mirrors.centos.org/metalink?repo=centos-baseos-${os_repo_version}&arch=\$basearch"}

# CentOS's official key is fetched from centos.org at build time and must have this fingerprint.
GPG_KEY_FILE=${GPG_KEY_FILE:-RPM-GPG-KEY-CentOS-Official}
GPG_KEY_URL=${GPG_KEY_URL:-"https://www.centos.org/keys/RPM-GPG-KEY-CentOS-Official"}
GPG_KEY_FINGERPRINT=${GPG_KEY_FINGERPRINT:-99DB70FAE1D7CE227FB6488205B555B38483C65D}
