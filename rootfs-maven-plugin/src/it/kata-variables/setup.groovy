// FIXTURES: an agent script and a kernel modules folder, where the environment's variables name them.
def agent = new File(basedir, "target/agent/kata-agent")
agent.parentFile.mkdirs()
agent.text = "#!/bin/sh\necho ROOTFS-FIXTURE-AGENT-MARKER\n"
agent.setExecutable(true, false)
def modules = new File(basedir, "target/modules/6.1.0-fixture/kernel")
modules.mkdirs()
new File(modules, "fixture.ko").text = "not a real module\n"
true
