// Both file systems with and without the DAX header, systemd and the agent as init, and dm-verity, each booted
// to the agent: the agent as init on erofs (virtio, initrd), systemd on dm-verity ext4 without DAX, systemd on
// erofs without DAX, the agent as init on ext4 with DAX (virtio and NVDIMM).
def log = new File(basedir, "build.log").text
// an erofs image is not rounded to memory blocks, so it boots on virtio only (as Kata's runtime would use it)
assert log =~ /Verified: the guest came up in every boot \(image [\d.]+ s, initrd [\d.]+ s\)/
assert log =~ /Verified: the guest came up in every boot \(image [\d.]+ s\)/
def erofs = new File(basedir, "target/agent-init.work/verify/image.console.log").text
assert erofs.contains("erofs: (device vda1): mounted") : "the agent-init image was not mounted as erofs"
def verity = new File(basedir, "target/verity.work/verify/image.console.log").text
assert verity.contains("dm-create: dm-verity is /dev/dm-0") && verity.contains("EXT4-fs (dm-0): mounted")
assert new File(basedir, "target/verity.kernel-params.txt").text.startsWith('dm-mod.create="dm-verity,,,ro,0 ')
// systemd on erofs without the DAX header; the agent as init on ext4 with it (virtio and NVDIMM)
def systemdErofs = new File(basedir, "target/systemd-erofs.work/verify/image.console.log").text
assert systemdErofs.contains("erofs: (device vda1): mounted") && systemdErofs.contains("Started")
assert log =~ /Verified: the guest came up in every boot \(image [\d.]+ s, image-nvdimm [\d.]+ s\)/
assert new File(basedir, "target/agent-init-ext4.work/verify/image-nvdimm.console.log").text.contains("pmem0: p1")
// no DAX header: the partition starts at 1 MiB
def img = new RandomAccessFile(new File(basedir, "target/verity.img"), "r")
def mbr = new byte[512]
img.readFully(mbr)
img.close()
assert java.nio.ByteBuffer.wrap(mbr).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(446 + 8) == 2048
true
