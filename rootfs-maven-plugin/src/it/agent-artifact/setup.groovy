// A FIXTURE agent tarball laid out as Kata's (usr/bin/kata-agent), packed by GNU tar.
def root = new File(basedir, "target/agent-tree")
new File(root, "usr/bin").mkdirs()
def agent = new File(root, "usr/bin/kata-agent")
agent.text = "#!/bin/sh\necho ROOTFS-FIXTURE-AGENT-MARKER\n"
agent.setExecutable(true, false)
def p = ["tar", "-C", root.path, "-czf", new File(basedir, "target/fixture-agent.tar.gz").path, "./usr"].execute()
p.waitForProcessOutput(System.out, System.err)
assert p.exitValue() == 0
true
