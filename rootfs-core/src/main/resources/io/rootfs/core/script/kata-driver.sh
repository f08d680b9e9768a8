#!/usr/bin/env bash
# Runs one Kata osbuilder distro folder (config.sh, config_<arch>.sh, rootfs_lib.sh) unchanged,
# with the helper functions and variables Kata's rootfs.sh defines. Written by rootfs-maven-plugin;
# the guest finishing (agent, units, chrony, osbuilder.yaml) happens afterwards in Java.
set -o errexit
set -o pipefail
set -o errtrace
[ -n "${DEBUG:-}" ] && set -x

# The host backend starts this script as the leader of its own process group and keeps its
# standard input open. When Maven ends, however it ends (even killed), that pipe closes: the
# watchdog then signals the whole group, so no package manager goes on writing into a tree that
# nobody owns any more. Everything else reads /dev/null: a build never waits for a keyboard.
if [ "${ROOTFS_WATCHDOG:-}" = stdin ]; then
	exec 3<&0 </dev/null
	(
		trap '' TERM INT HUP
		cat <&3 >/dev/null 2>&1
		kill -TERM -- -$$ 2>/dev/null
	) >/dev/null 2>&1 &
	exec 3<&-
fi
unset ROOTFS_WATCHDOG

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

# Splits its arguments into words on white space, never expanding a word as a file name pattern
# (a package list is not a glob), into the array named first: split_words pkgs "${PACKAGES}"
split_words() {
	local -n _words=$1
	shift
	read -r -a _words <<<"$*"
}

check_program() {
	type "$1" >/dev/null 2>&1
}

check_root() {
	if [ "$(id -u)" != "0" ]; then
		die "Root is needed to build this rootfs: run Maven as root (sudo -E mvn ...)"
	fi
}

# Prints the path of the distro's signing key, verified: GPG_KEY_FILE as shipped in the distro folder
# (or an absolute path), else fetched from GPG_KEY_URL. Whenever GPG_KEY_FINGERPRINT is set, the key
# must have that fingerprint; a fetched key must always have one to be checked against.
verified_gpg_key() {
	local file=${GPG_KEY_FILE:-}
	[ -n "${file}" ] || return 0
	local key=${file}
	[ "${key#/}" != "${key}" ] || key="${CONFIG_DIR}/${file}"
	if [ ! -f "${key}" ]; then
		[ -n "${GPG_KEY_URL:-}" ] || die "The signing key ${key} is missing and no GPG_KEY_URL names where to fetch it"
		[ -n "${GPG_KEY_FINGERPRINT:-}" ] ||
			die "The signing key ${file} is not shipped with this distro and no GPG_KEY_FINGERPRINT is kept to check ${GPG_KEY_URL} against: set GPG_KEY_FINGERPRINT or GPG_KEY_FILE=/path/to/key"
		key="${ROOTFS_WORK_DIR}/keys/$(basename "${file}")"
		mkdir -p "$(dirname "${key}")"
		info "Fetching the signing key ${GPG_KEY_URL}" >&2
		curl -fsSL --connect-timeout 5 --max-time 30 "${GPG_KEY_URL}" -o "${key}" ||
			die "Cannot fetch the signing key ${GPG_KEY_URL}: set GPG_KEY_FILE=/path/to/key to use a copy"
	fi
	if [ -n "${GPG_KEY_FINGERPRINT:-}" ]; then
		check_program gpg || die "gpg is needed to check the signing key's fingerprint: apt-get install gpg"
		local want found
		want=$(echo "${GPG_KEY_FINGERPRINT}" | tr -d ' ' | tr '[:lower:]' '[:upper:]')
		found=$(gpg --batch --with-colons --show-keys "${key}" 2>/dev/null | awk -F: '$1 == "fpr" { print $10 }')
		echo "${found}" | grep -qx "${want}" ||
			die "The signing key ${GPG_KEY_URL:-${key}} has fingerprint ${found:-none}, not ${want} as this distro expects: refusing it"
	fi
	echo "${key}"
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
retries=${ROOTFS_REPO_RETRIES:-3}
timeout=${ROOTFS_REPO_TIMEOUT:-20}
CONF
	local source=""
	if [ -n "${BASE_URL:-}" ]; then
		source="baseurl=${BASE_URL}"
	elif [ -n "${METALINK:-}" ]; then
		source="metalink=${METALINK}"
	elif [ -n "${MIRROR_LIST:-}" ]; then
		source="mirrorlist=${MIRROR_LIST}"
	fi
	[ -n "${source}" ] || return 0
	cat >>"${DNF_CONF}" <<CONF

[base]
name=${OS_NAME:-${ROOTFS_DISTRO_ID}}-${OS_VERSION} ${REPO_NAME}
${source}
enabled=1
CONF
	local key
	key=$(verified_gpg_key) || exit 1
	if [ -n "${key}" ]; then
		printf 'gpgcheck=1\ngpgkey=file://%s\n' "${key}" >>"${DNF_CONF}"
	else
		warning "${OS_NAME:-${ROOTFS_DISTRO_ID}} packages are installed without signature checks (no GPG_KEY_FILE)"
		echo "gpgcheck=0" >>"${DNF_CONF}"
	fi
}

# rpm on a Debian host keeps its database in ~/.rpmdb; a guest keeps it in /var/lib/rpm.
rpm_home() {
	local home="${ROOTFS_WORK_DIR}/rpm-home"
	mkdir -p "${home}"
	echo '%_dbpath /var/lib/rpm' >"${home}/.rpmmacros"
	echo "${home}"
}

# What package managers leave behind that says where and when it was built, not what it is.
remove_build_traces() {
	local rootfs_dir=$1
	case "/${CACHE_DIR:-}/" in
	*/../*) die "CACHE_DIR=${CACHE_DIR} leaves the rootfs: give a folder inside the guest, such as /var/cache/dnf" ;;
	esac
	rm -rf "${rootfs_dir}${CACHE_DIR:-/var/cache/dnf}" "${rootfs_dir}"/var/cache/zypp \
		"${rootfs_dir}"/var/log/dnf*.log "${rootfs_dir}"/var/log/hawkey.log "${rootfs_dir}"/var/log/zypp \
		"${rootfs_dir}"/var/lib/dnf/history* "${rootfs_dir}"/run/zypp.pid
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
	local pkgs
	split_words pkgs "${EXTRA_PKGS}" "${PACKAGES}"
	HOME=$(rpm_home) ${PKG_MANAGER} -y --installroot="${ROOTFS_DIR}" --noplugins --config="${DNF_CONF}" \
		--releasever="${OS_VERSION}" install "${pkgs[@]}"
	remove_build_traces "${ROOTFS_DIR}"
}

# A repository that does not answer fails here, within seconds, instead of in a package manager's
# retries. REPO_PROBE_URL (a file the repository must have), else BASE_URL's repodata/repomd.xml,
# else METALINK or MIRROR_LIST must answer without an HTTP error; a bare REPO_URL must answer at all.
check_repository() {
	local url fail=-f
	if [ -n "${REPO_PROBE_URL:-}" ]; then
		url=${REPO_PROBE_URL}
	elif [ -n "${BASE_URL:-}" ]; then
		url="${BASE_URL%/}/repodata/repomd.xml"
	elif [ -n "${METALINK:-}${MIRROR_LIST:-}" ]; then
		url=${METALINK:-${MIRROR_LIST}}
	else
		url=${REPO_URL:-}
		fail=""
	fi
	url=${url//\$basearch/${ARCH}}
	url=${url//\$releasever/${OS_VERSION}}
	# the file every repository must have: the plugin's up-to-date check digests it (BuildReport)
	if [ -n "${fail}" ]; then
		REPO_INDEX_URL=${url}
	fi
	case "${url}" in
	http://* | https://* | ftp://*) ;;
	*) return 0 ;;
	esac
	check_program curl || { info "curl is not installed: not probing ${url}"; return 0; }
	local out
	# shellcheck disable=SC2086
	if ! out=$(curl -sS ${fail} -o /dev/null --connect-timeout 5 --max-time 15 --range 0-0 "${url}" 2>&1); then
		out=$(echo "${out}" | sed -E 's/^curl: \([0-9]+\) //')
		die "Cannot use the ${OS_NAME:-${ROOTFS_DISTRO_ID}} repository at ${url} (${out}). Set -Drootfs.mirror=URL (REPO_URL) to a mirror this machine reaches, or BASE_URL in <environment> for the full repository URL."
	fi
}

# --- Kata's variables -----------------------------------------------------------------------
# Beyond Kata's: ROOTFS_TREE_TAR, where a build_rootfs that can only stream the tree (mmdebstrap
# without root) writes it as a tar instead of filling ROOTFS_DIR; the plugin unpacks it and keeps
# the owners and device nodes in the tree's manifest.
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
# ARCH_EXCLUDE_LIST is enforced by the plugin's preflight, before any work

if [ -n "${ROOTFS_PACKAGES:-}" ]; then
	info "Package list replaced (rootfs.packages): ${ROOTFS_PACKAGES}"
	PACKAGES="${ROOTFS_PACKAGES}"
fi

if [ -f "${CONFIG_DIR}/${LIB_SH}" ]; then
	# shellcheck source=/dev/null
	source "${CONFIG_DIR}/${LIB_SH}"
fi

# How many packages the rootfs's package database holds (dpkg, rpm or apk); empty when none is known.
installed_packages() {
	local root=$1
	if [ -f "${ROOTFS_TREE_TAR:-}" ] && [ ! -e "${root}/var/lib/dpkg/status" ]; then
		# the tree came as a tar stream (ROOTFS_TREE_TAR), which the plugin unpacks after this script
		tar -xOf "${ROOTFS_TREE_TAR}" ./var/lib/dpkg/status 2>/dev/null | grep -c '^Package: ' || true
	elif [ -f "${root}/var/lib/dpkg/status" ]; then
		grep -c '^Package: ' "${root}/var/lib/dpkg/status"
	elif [ -d "${root}/var/lib/rpm" ] && check_program rpm; then
		rpm --root "${root}" --dbpath /var/lib/rpm -qa 2>/dev/null | grep -vc '^gpg-pubkey-' || true
	elif [ -f "${root}/lib/apk/db/installed" ]; then
		grep -c '^P:' "${root}/lib/apk/db/installed"
	fi
}

# The mount points below folder $1 in this process's mount table (the kernel writes a blank as \040).
mounts_below() {
	local root
	root=$(readlink -f -- "$1") || return 0
	awk -v root="${root}" '{ m = $5; gsub(/\\040/, " ", m); if (index(m, root "/") == 1) print m }' /proc/self/mountinfo
}

# ROOTFS_CONFIG_ONLY=true: the native backend builds the tree itself and reads here only what
# config.sh settled on (the report below)
if [ "${ROOTFS_CONFIG_ONLY:-}" != true ]; then
	# offline (mvn -o) the distro builds from the plugin's cache and nothing may go to the network
	if [ "${ROOTFS_OFFLINE:-}" != true ]; then
		check_repository
	fi
	build_rootfs "${ROOTFS_DIR}"
	# what build_rootfs mounted in the tree and left: seen here, in the script's own mount namespace
	# (a root build has one), where it would go with the script, and what was written on it with it
	rootfs_left_mounts=$(mounts_below "${ROOTFS_DIR}")
	if [ -n "${rootfs_left_mounts}" ]; then
		die "The distro's build_rootfs left $(wc -l <<<"${rootfs_left_mounts}") mounts in the tree: $(paste -s -d ' ' <<<"${rootfs_left_mounts}"). A guest is not built with anything mounted inside it: its build_rootfs must unmount what it mounts (what was written on a mount would be lost with it)."
	fi
fi

# What the build settled on, for osbuilder.yaml and the summary (words joined by single spaces).
words() {
	local w
	split_words w "$*"
	echo "${w[*]}"
}
# ROOTFS_REPORT_VARIABLES names the variables the plugin reads back (BuildReport keeps that list)
{
	for variable in ${ROOTFS_REPORT_VARIABLES}; do
		echo "${variable}=$(words "${!variable:-}")"
	done
	echo "INSTALLED_PACKAGES=$(installed_packages "${ROOTFS_DIR}")"
} >"${ROOTFS_REPORT}"
