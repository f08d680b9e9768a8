# Alpine Linux guest for Kata Containers, in the form of Kata's osbuilder rootfs-builder.
# rootfs_lib.sh installs alpine-base and PACKAGES with apk --root --initdb, checking every package
# against Alpine's signing keys. The guest has no systemd: the agent is init.

OS_NAME=alpine
OS_VERSION=${OS_VERSION:-3.22}

BASE_PACKAGES="alpine-base"
PACKAGES=""
if [ "${SECCOMP:-no}" = "yes" ]; then
	PACKAGES+=" libseccomp"
fi

INIT_PROCESS=kata-agent
ARCH_EXCLUDE_LIST=(ppc64le s390x)

# The mirror root (rootfs.mirror / REPO_URL): the folder holding v<version>/main/<arch>/.
REPO_URL=${REPO_URL:-https://dl-cdn.alpinelinux.org/alpine}
ALPINE_REPOSITORY=${ALPINE_REPOSITORY:-"${REPO_URL%/}/v${OS_VERSION}/main"}
REPO_PROBE_URL=${REPO_PROBE_URL:-"${ALPINE_REPOSITORY}/${ARCH}/APKINDEX.tar.gz"}

# Alpine's public keys are fetched from ALPINE_KEYS_URL and checked against the SHA-512 sums in
# alpine-keys.sha512 (shipped beside this file); ALPINE_KEYS_DIR=/path uses a folder of keys instead.
ALPINE_KEYS_URL=${ALPINE_KEYS_URL:-https://alpinelinux.org/keys}
ALPINE_KEYS_DIR=${ALPINE_KEYS_DIR:-}
