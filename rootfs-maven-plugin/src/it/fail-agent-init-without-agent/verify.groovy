// fail-agent-init-without-agent: the build fails before any work, with a message that says what to do.
def log = new File(basedir, "build.log").text
assert log.contains("""The agent is to be init (rootfs.agentInit=true) but no agent was given.""") : "build.log lacks the expected message"
assert !new File(basedir, "target/rootfs").exists() : "a rootfs was written"
assert !new File(basedir, "target/rootfs.work").exists() : "a build started"
true
