// rootfs:list shows the bundled distro and local folders, with version, init, arches and source.
def log = new File(basedir, "build.log").text
def rows = log.readLines().collect { it.replaceFirst(/^\[INFO\] /, "") }
def header = rows.find { it.startsWith("ID ") }
assert header =~ /^ID\s+NAME\s+OS VERSION\s+INIT\s+EXCLUDED ARCHES\s+UPSTREAM\s+SOURCE$/
assert rows.find { it ==~ /^debian\s+Debian\s+bookworm\s+systemd\s+-\s+active\s+bundled io\.rootfs:rootfs-distro-debian:\S+$/ } : "no debian row"
assert rows.find { it ==~ /^acme\s+Acme Linux\s+7\.1\s+kata-agent\s+s390x ppc64le\s+archived\s+local folder .*distros\/acme$/ } : "no acme row"
assert !log.contains("not-a-distro") : "a folder without config.sh was listed"
// a coordinate that resolves nowhere is a warning; the other distros still show
assert log.contains("[WARNING] Cannot resolve distro com.acme:rootfs-distro-nowhere:1.0: not in the local repository")
true
