// Builds the FIXTURE agent: a static program that prints a marker (the real kata-agent cannot be fetched here).
def dir = new File(basedir, "target/fixture-agent")
dir.mkdirs()
new File(dir, "agent.c").text = '#include <stdio.h>\nint main(void) { puts("ROOTFS-FIXTURE-AGENT-MARKER"); return 0; }\n'
def p = ["gcc", "-static", "-O2", "-o", "kata-agent", "agent.c"].execute(null, dir)
p.waitForProcessOutput(System.out, System.err)
assert p.exitValue() == 0 : "gcc -static failed (apt-get install gcc libc6-dev)"
true
