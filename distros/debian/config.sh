# Debian guest for Kata Containers, in the form of Kata's osbuilder rootfs-builder.
# Every variable can be set by the caller (rootfs.osVersion, <environment>, rootfs.mirror).

OS_NAME=debian
OS_VERSION=${OS_VERSION:-bookworm}

# Kata's package set for a systemd guest.
PACKAGES="systemd iptables init chrony kmod"

# With the agent as init there is no systemd in the guest.
if [ "${AGENT_INIT:-no}" = "yes" ]; then
	PACKAGES="iptables chrony kmod"
fi

# The agent's seccomp support needs the library.
if [ "${SECCOMP:-no}" = "yes" ]; then
	PACKAGES+=" libseccomp2"
fi

INIT_PROCESS=systemd

# Debian builds every arch Kata supports.
ARCH_EXCLUDE_LIST=()

# The mirror: rootfs.mirror or REPO_URL, else this machine's apt sources (set by the plugin).
REPO_URL=${REPO_URL:-}
# What the plugin checks answers before the build starts (an http mirror must have the suite's InRelease).
if [ -n "${REPO_URL}" ]; then
	REPO_PROBE_URL=${REPO_PROBE_URL:-"${REPO_URL%/}/dists/${OS_VERSION}/InRelease"}
fi

# Which tool builds the tree: auto (mmdebstrap when installed, else debootstrap), mmdebstrap, debootstrap.
DEBIAN_BOOTSTRAP=${DEBIAN_BOOTSTRAP:-auto}
