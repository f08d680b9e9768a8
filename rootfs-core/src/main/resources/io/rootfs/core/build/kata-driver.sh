#!/usr/bin/env bash
# Runs one Kata osbuilder distro folder (config.sh, config_<arch>.sh, rootfs_lib.sh) unchanged,
# with the helper functions and variables Kata's rootfs.sh defines. Written by rootfs-maven-plugin;
# the guest finishing (agent, units, chrony, osbuilder.yaml) happens afterwards in Java.
set -o errexit
set -o pipefail
set -o errtrace
[ -n "${DEBUG:-}" ] && set -x

# --- Kata's helpers -------------------------------------------------------------------------
die() {
	local msg="$*"
	echo "ERROR: ${msg}" >&2
	exit 1
}

error() {
	echo "ERROR: $*" >&2
}

info() {
	echo "INFO: $*"
}

warning() {
	echo "WARNING: $*" >&2
}

OK() {
	echo "[OK] $*"
}

check_program() {
	type "$1" >/dev/null 2>&1
}

check_root() {
	if [ "$(id -u)" != "0" ]; then
		die "Root is needed to build this rootfs: run Maven as root (sudo -E mvn ...)"
	fi
}

generate_dnf_config() {
	REPO_NAME=${REPO_NAME:-"base"}
	CACHE_DIR=${CACHE_DIR:-"/var/cache/dnf"}
	cat >"${DNF_CONF}" <<CONF
[main]
cachedir=${CACHE_DIR}
logfile=${LOG_FILE:-/var/log/dnf.log}
keepcache=0
debuglevel=2
exactarch=1
obsoletes=1
plugins=0
installonly_limit=3
reposdir=/root/mash
retries=5
timeout=${ROOTFS_REPO_TIMEOUT:-20}
CONF
	if [ -n "${BASE_URL:-}" ]; then
		cat >>"${DNF_CONF}" <<CONF

[base]
name=${OS_NAME:-${ROOTFS_DISTRO_ID}}-${OS_VERSION} ${REPO_NAME}
baseurl=${BASE_URL}
enabled=1
CONF
	elif [ -n "${MIRROR_LIST:-}" ]; then
		cat >>"${DNF_CONF}" <<CONF

[base]
name=${OS_NAME:-${ROOTFS_DISTRO_ID}}-${OS_VERSION} ${REPO_NAME}
mirrorlist=${MIRROR_LIST}
enabled=1
CONF
	fi
	if [ -n "${GPG_KEY_FILE:-}" ]; then
		if [ ! -f "${CONFIG_DIR}/${GPG_KEY_FILE}" ] && [ -n "${GPG_KEY_URL:-}" ]; then
			curl -fsSL "${GPG_KEY_URL}" -o "${CONFIG_DIR}/${GPG_KEY_FILE}" ||
				die "Cannot fetch the signing key ${GPG_KEY_URL}"
		fi
		cat >>"${DNF_CONF}" <<CONF
gpgcheck=1
gpgkey=file://${CONFIG_DIR}/${GPG_KEY_FILE}
CONF
	elif [ -n "${BASE_URL:-}${MIRROR_LIST:-}" ]; then
		echo "gpgcheck=0" >>"${DNF_CONF}"
	fi
}

# The build used when a distro folder has no rootfs_lib.sh: dnf (or yum) into the rootfs.
build_rootfs() {
	local ROOTFS_DIR="$1"
	[ -z "${ROOTFS_DIR}" ] && die "need rootfs"
	check_root
	mkdir -p "${ROOTFS_DIR}"
	if [ -n "${PKG_MANAGER:-}" ]; then
		info "Package manager given: ${PKG_MANAGER}"
	elif check_program dnf; then
		PKG_MANAGER=dnf
	elif check_program yum; then
		PKG_MANAGER=yum
	else
		die "Neither dnf nor yum is installed: install dnf (apt-get install dnf) or set PKG_MANAGER"
	fi
	generate_dnf_config
	# shellcheck disable=SC2086
	${PKG_MANAGER} -y --installroot="${ROOTFS_DIR}" --noplugins --config="${DNF_CONF}" \
		--releasever="${OS_VERSION}" install ${EXTRA_PKGS} ${PACKAGES}
	rm -rf "${ROOTFS_DIR}${CACHE_DIR:-/var/cache/dnf}"
}

# --- Kata's variables -----------------------------------------------------------------------
: "${ROOTFS_DIR:?ROOTFS_DIR is required}"
: "${CONFIG_DIR:?CONFIG_DIR is required}"
: "${ROOTFS_REPORT:?ROOTFS_REPORT is required}"
CONFIG_SH=${CONFIG_SH:-config.sh}
LIB_SH=${LIB_SH:-rootfs_lib.sh}
script_dir=${script_dir:-$(dirname "${CONFIG_DIR}")}
ARCH=${ARCH:-$(uname -m)}
EXTRA_PKGS=${EXTRA_PKGS:-""}
AGENT_INIT=${AGENT_INIT:-no}
AGENT_BIN=${AGENT_BIN:-kata-agent}
SECCOMP=${SECCOMP:-no}
DNF_CONF=${DNF_CONF:-${ROOTFS_WORK_DIR:-/tmp}/dnf.conf}
PKG_MANAGER=${PKG_MANAGER:-""}
ARCH_EXCLUDE_LIST=()

# shellcheck source=/dev/null
source "${CONFIG_DIR}/${CONFIG_SH}"
if [ -f "${CONFIG_DIR}/config_${ARCH}.sh" ]; then
	# shellcheck source=/dev/null
	source "${CONFIG_DIR}/config_${ARCH}.sh"
fi

for excluded in "${ARCH_EXCLUDE_LIST[@]}"; do
	if [ "${excluded}" = "${ARCH}" ]; then
		die "Distro ${ROOTFS_DISTRO_ID} does not build for ${ARCH} (ARCH_EXCLUDE_LIST: ${ARCH_EXCLUDE_LIST[*]})"
	fi
done

if [ -n "${ROOTFS_PACKAGES:-}" ]; then
	info "Package list replaced (rootfs.packages): ${ROOTFS_PACKAGES}"
	PACKAGES="${ROOTFS_PACKAGES}"
fi

if [ -f "${CONFIG_DIR}/${LIB_SH}" ]; then
	# shellcheck source=/dev/null
	source "${CONFIG_DIR}/${LIB_SH}"
fi

build_rootfs "${ROOTFS_DIR}"

# What the build settled on, for osbuilder.yaml and the summary (words joined by single spaces).
{
	echo "OS_NAME=$(echo ${OS_NAME:-})"
	echo "OS_VERSION=$(echo ${OS_VERSION:-})"
	echo "PACKAGES=$(echo ${PACKAGES:-})"
	echo "EXTRA_PKGS=$(echo ${EXTRA_PKGS:-})"
	echo "INIT_PROCESS=$(echo ${INIT_PROCESS:-systemd})"
} >"${ROOTFS_REPORT}"
