// kata-rootfs: package built the folder, the image, the initrd and the SBOM; verify booted the image on a
// virtio disk, as an NVDIMM (DAX header) and the initrd, each up to the agent; install published them.
def log = new File(basedir, "build.log").text
["image", "image-nvdimm", "initrd"].each { boot ->
    assert log =~ /Boot ${boot}: the guest is up \("ROOTFS-FIXTURE-AGENT-MARKER"\) after [\d.]+ s/ : "boot $boot did not come up"
}
assert log =~ /Verified: the guest came up in every boot \(image [\d.]+ s, image-nvdimm [\d.]+ s, initrd [\d.]+ s\)/
def console = new File(basedir, "target/rootfs.work/verify/image-nvdimm.console.log").text
assert console.contains("pmem0: p1") : "the NVDIMM boot did not find the partition behind the DAX header"
assert console.contains("Welcome to") && console.contains("Started") : "systemd did not start the agent"

def repo = new File(localRepositoryPath, "io/rootfs/it/verify-debian/1.0")
assert new File(repo, "verify-debian-1.0.img").isFile() : "the image is not the project's installed artifact"
["rootfs.initrd", "rootfs.cdx.json"].each { assert new File(repo, "verify-debian-1.0-$it").isFile() : "$it was not installed" }
assert new File(repo, "verify-debian-1.0.img").length() % (128 << 20) == 0

def sbom = new File(basedir, "target/rootfs.cdx.json").text
assert sbom.contains('"purl": "pkg:deb/debian/systemd@')
assert sbom.contains('"name": "kata-agent"') && sbom =~ /"content": "[0-9a-f]{64}"/
def report = new groovy.json.JsonSlurper().parse(new File(basedir, "target/rootfs.build.json"))
assert report.outputs*.format == ["image", "initrd", "sbom"]
assert report.stages*.stage.contains("build_rootfs")
true
