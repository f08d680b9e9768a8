# A FIXTURE distro: the host's static busybox as its whole userspace, and a repository that is one
# index file (mirror/InRelease), as a real distro's REPO_PROBE_URL names it.
OS_NAME=Tiny
OS_VERSION=${OS_VERSION:-1}
REPO_PROBE_URL="${REPO_URL}/InRelease"
