# A FIXTURE distro whose init is a dynamically linked program without its loader and libraries.
OS_NAME=NoLoader
OS_VERSION=1
