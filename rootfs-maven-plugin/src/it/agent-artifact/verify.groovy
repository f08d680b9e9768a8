// rootfs.agentArtifact resolves through Maven Resolver; the tarball is unpacked and wired under systemd.
def rootfs = new File(basedir, "target/rootfs")
def agent = new File(rootfs, "usr/bin/kata-agent")
assert agent.canExecute() && agent.text.contains("ROOTFS-FIXTURE-AGENT-MARKER")
assert new File(rootfs, "usr/lib/systemd/system/kata-agent.service").isFile()
assert !new File(rootfs, "usr/lib/systemd/system/getty@.service").exists() : "rootfs.pruneSystemd did not prune"
def yaml = new File(rootfs, "var/lib/osbuilder/osbuilder.yaml").text
assert yaml.contains('url: "maven:io.rootfs.it:fixture-agent:tar.gz:1.0"')
assert yaml.contains('version: "1.0"')
def log = new File(basedir, "build.log").text
assert log.contains("Guest: agent unpacked 3 entries from fixture-agent-1.0.tar.gz -> /usr/bin/kata-agent")
true
