// FIXTURES: an agent script and a kernel modules folder, where the environment's variables name them.
def agent = new File(basedir, "target/agent/kata-agent")
agent.parentFile.mkdirs()
agent.text = "#!/bin/sh\necho ROOTFS-FIXTURE-AGENT-MARKER\n"
agent.setExecutable(true, false)
def modules = new File(basedir, "target/modules/6.1.0-fixture/kernel")
modules.mkdirs()
new File(modules, "fixture.ko").text = "not a real module\n"
// FIXTURES of current Kata's extras: a policy, a hooks tarball and a pause bundle (zstd, as Kata ships them)
def policy = new File(basedir, "target/policy/my-policy.rego")
policy.parentFile.mkdirs()
policy.text = "package agent_policy\ndefault AllowRequestsFailingPolicy := true\n"
def tarZst = { String name, String file, String text ->
    def tree = new File(basedir, "target/tree-" + name)
    def f = new File(tree, file)
    f.parentFile.mkdirs()
    f.text = text
    def p = ["tar", "--zstd", "-cf", new File(basedir, "target/" + name + ".tar.zst").path, "-C", tree.path, file.split("/")[0]].execute()
    p.waitForProcessOutput(System.out, System.err)
    assert p.exitValue() == 0
}
tarZst("hooks", "usr/share/oci/hooks/prestart/fixture-hook.sh", "#!/bin/sh\n")
tarZst("pause", "pause_bundle/config.json", "{}\n")
true
