// rootfs:list shows the bundled distro and local folders, with version, init, arches and source.
def log = new File(basedir, "build.log").text
def rows = log.readLines().collect { it.replaceFirst(/^\[INFO\] /, "") }
def header = rows.find { it.startsWith("ID ") }
assert header =~ /^ID\s+NAME\s+OS VERSION\s+INIT\s+EXCLUDED ARCHES\s+UPSTREAM\s+SOURCE$/
// every distro of Kata's builder, bundled: id, name, version, init, excluded arches, upstream status
def bundled = [
    /alpine\s+Alpine Linux\s+3\.22\s+kata-agent\s+ppc64le s390x\s+active/,
    /centos\s+CentOS Stream\s+stream9\s+systemd\s+-\s+active/,
    /clearlinux\s+Clear Linux OS\s+latest\s+systemd\s+aarch64 ppc64le s390x\s+archived \(ended 2025-07\): set rootfs\.mirror to a copy/,
    /debian\s+Debian\s+bookworm\s+systemd\s+-\s+active/,
    /euleros\s+EulerOS\s+2\.2\s+systemd\s+aarch64 ppc64le s390x\s+old \(2\.2\): its public repository may be gone; set rootfs\.mirror to a copy/,
    /fedora\s+Fedora\s+43\s+systemd\s+-\s+active/,
    /suse\s+openSUSE Leap\s+15\.6\s+systemd\s+s390x\s+active/,
    /ubuntu\s+Ubuntu\s+26\.04\s+systemd\s+-\s+active/,
]
bundled.each { row ->
    def id = row.toString().takeWhile { it != '\\' }
    assert rows.find { it ==~ /^${row}\s+bundled io\.rootfs:rootfs-distro-${id}:\S+$/ } : "no row matching ${row}"
}
assert rows.find { it ==~ /^acme\s+Acme Linux\s+7\.1\s+kata-agent\s+s390x ppc64le\s+archived\s+local folder .*distros\/acme$/ } : "no acme row"
assert !log.contains("not-a-distro") : "a folder without config.sh was listed"
// a coordinate that resolves nowhere is a warning; the other distros still show
assert log.contains("[WARNING] Cannot resolve distro com.acme:rootfs-distro-nowhere:1.0: not in the local repository")
// goal 2: rootfs.sh -t
assert log.contains("[INFO] INIT_PROCESS:\t\tkata-agent\n[INFO] ARCH_EXCLUDE_LIST:\t\tppc64le s390x\n")
true
