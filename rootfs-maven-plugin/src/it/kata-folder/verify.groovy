// A Kata-style local folder builds unchanged: helpers, config_<arch>.sh, script_dir, <environment>, overlay.
def log = new File(basedir, "build.log").text
def rootfs = new File(basedir, "target/rootfs")
assert new File(rootfs, "etc/build-probe").readLines() == ["common-config-was-sourced", "x86_64-config-was-sourced",
        "from-the-pom", "extra-one extra-two", "no", "katastyle", "[]"]
assert log.contains("  | INFO: Building Katastyle 2.0 for x86_64 into ")
assert log.contains("  | [OK] fixture userspace in place")
assert new File(rootfs, "etc/motd").text == "from the overlay\n"
assert new File(rootfs, "var/lib/osbuilder/osbuilder.yaml").text.contains('  name: "Katastyle"\n  version: "2.0"')
def warnings = log.readLines().findAll { it.startsWith("[WARNING] No kata-agent was installed") }
assert warnings.size() == 1 : "expected one warning about the missing agent, got $warnings"
assert warnings[0].contains("-Drootfs.agent=")
true
