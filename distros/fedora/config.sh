# Fedora guest for Kata Containers, in the form of Kata's osbuilder rootfs-builder. No rootfs_lib.sh:
# the generic dnf build installs PACKAGES with dnf --installroot.
# Every variable can be set by the caller (rootfs.osVersion, rootfs.mirror, <environment>).

OS_NAME=Fedora
OS_VERSION=${OS_VERSION:-43}

# Kata's package set: systemd starts the agent unless the agent is init.
PACKAGES="iptables chrony"
if [ "${AGENT_INIT:-no}" = "no" ]; then
	PACKAGES+=" systemd"
fi
if [ "${SECCOMP:-no}" = "yes" ]; then
	PACKAGES+=" libseccomp"
fi

INIT_PROCESS=systemd
ARCH_EXCLUDE_LIST=()

# The repository: BASE_URL as given; else rootfs.mirror (REPO_URL) as the root of a Fedora mirror
# (the folder holding releases/); else Fedora's metalink, which picks a mirror near you.
REPO_URL=${REPO_URL:-}
if [ -z "${BASE_URL:-}" ] && [ -n "${REPO_URL}" ]; then
	BASE_URL="${REPO_URL%/}/releases/${OS_VERSION}/Everything/${ARCH}/os/"
fi
METALINK=${METALINK:-"https://mirrors.fedoraproject.org/metalink?repo=fedora-${OS_VERSION}&arch=\$basearch"}

# Packages are checked against Fedora's key for this release, shipped beside this file. For another
# release, set GPG_KEY_FILE=/path/to/RPM-GPG-KEY-fedora-N-primary.
GPG_KEY_FILE=${GPG_KEY_FILE:-RPM-GPG-KEY-fedora-${OS_VERSION}-primary}
GPG_KEY_URL=${GPG_KEY_URL:-}
GPG_KEY_FINGERPRINT=${GPG_KEY_FINGERPRINT:-}
if [ "${GPG_KEY_FILE}" = "RPM-GPG-KEY-fedora-43-primary" ]; then
	GPG_KEY_FINGERPRINT=${GPG_KEY_FINGERPRINT:-C6E7F081CF80E13146676E88829B606631645531}
fi
