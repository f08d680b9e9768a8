// Neither list nor build deleted or wrote anything; both name the artifact and the bad id.
def log = new File(basedir, "build.log").text
assert new File(basedir, "victim/precious").text == "precious data\n" : "list or build deleted the folder a distro id named"
assert new File(basedir, "victim-absolute/precious").text == "precious data\n"
def absolute = new File(basedir, "victim-absolute").absolutePath
// list: a warning each, the bundled distros still listed
assert log.contains("[WARNING] io.rootfs.it:evil-relative:1.0 is not a usable distro: its distro.properties says"
        + " id=../../../victim cannot be a distro id: an id names folders and images, so it holds letters, digits, '.',"
        + " '_' and '-' only (at most 64, no '..', no '/'), starting with a letter or digit. Nothing of it was unpacked or run.")
assert log.contains("[WARNING] io.rootfs.it:evil-absolute:1.0 is not a usable distro: its distro.properties says id=" + absolute)
assert log =~ /debian\s+Debian\s+bookworm/
// build: refused before any work
assert log.contains("[ERROR] Failed to execute goal io.rootfs:rootfs-maven-plugin:")
assert log.readLines().count { it.contains("is not a usable distro") && it.startsWith("[ERROR]") } >= 2
assert !new File(basedir, "target").exists() : "a goal wrote into target/"
true
