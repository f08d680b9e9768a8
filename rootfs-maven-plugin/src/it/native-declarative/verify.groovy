// native-declarative: no maintainer script ran; their effects were reproduced from the packages'
// files and scripts. The systemd tree boots to the FIXTURE agent; the aarch64 tree was built on this
// x86_64 machine without emulation, and its image and initrd boot under qemu-system-aarch64; the s390x and
// ppc64le trees too, checked by their ELF files, dpkg's architecture and ld.so.cache's byte order.
import java.nio.file.Files

def log = new File(basedir, "build.log").text
assert log.contains("maintainer scripts' effects reproduced (rootfs.maintainerScripts=declarative)")
assert log =~ /Native build: index [\d.]+ s, resolve [\d.]+ s, download [\d.]+ s, unpack [\d.]+ s, database [\d.]+ s, scripts [\d.]+ s/
assert !log.contains("mmdebstrap") && !log.contains("Setting up ") : "a tool or a script ran"
// and in none of the five builds did a process it started use measurable CPU (as root, /dev's mknod is all it starts)
assert (log =~ /Native build: .*; CPU [\d.]+ s on \d+ cores \(0\.0 s of it in processes it started\)/).size() == 5
// every script of the Kata set is reproduced (a package whose scripts were not would be named in a warning)
assert !(log =~ /(is|are) not reproduced: (it|they) run/)
// both inits booted: the systemd image (virtio and NVDIMM) and the agent-as-init initrd; and the aarch64 initrd
assert (log =~ /Verified: the guest came up in every boot/).size() == 3
assert new File(basedir, "target/systemd.work/verify/image.console.log").text.contains("Started")

def tree = new File(basedir, "target/systemd")
def status = new File(tree, "var/lib/dpkg/status").text
def packages = status.findAll(/(?m)^Package: .*/)
assert packages.size() > 100
assert (status =~ /(?m)^Status: install ok installed$/).size() == packages.size()
def passwd = new File(tree, "etc/passwd").text
assert passwd =~ /(?m)^root:x:0:0:root:\/root:\/bin\/bash$/
assert passwd =~ /(?m)^_chrony:x:100:101:Chrony daemon,,,:\/var\/lib\/chrony:\/usr\/sbin\/nologin$/
assert passwd =~ /(?m)^systemd-network:x:998:998:/
def stat = { path -> Files.readAttributes(new File(tree, path).toPath(), "unix:*", java.nio.file.LinkOption.NOFOLLOW_LINKS) }
assert stat("etc/shadow").gid == 42 && (stat("etc/shadow").mode & 0777) == 0640
assert stat("var/lib/chrony").uid == 100 && (stat("var/lib/chrony").mode & 0777) == 0750
assert stat("dev/null").mode & 0020000 : "/dev/null is not a character device"
def link = { path -> Files.readSymbolicLink(new File(tree, path).toPath()).toString() }
assert link("usr/bin/awk") == "/etc/alternatives/awk" && link("etc/alternatives/awk") == "/usr/bin/mawk"
assert link("etc/systemd/system/multi-user.target.wants/chrony.service") == "/lib/systemd/system/chrony.service"
assert link("bin/sh") == "dash" && link("etc/localtime") == "/usr/share/zoneinfo/Etc/UTC"
assert new File(tree, "etc/ld.so.cache").length() > 0
assert new File(tree, "etc/shells").text.contains("/usr/bin/bash\n")
assert new File(tree, "etc/pam.d/common-auth").text.contains("auth\t[success=1 default=ignore]\tpam_unix.so nullok\n")

def agentInit = new File(basedir, "target/agent-init")
assert !new File(agentInit, "var/lib/dpkg/status").text.contains("Package: systemd\n")
assert new File(agentInit, "etc/ld.so.cache").length() > 0

// aarch64 on x86_64: the guest's programs are arm64 ELF files, dpkg's database says arm64, the cache is arm64's
assert log.contains("the guest is aarch64: no emulation needed")
def arm = new File(basedir, "target/aarch64")
def elf = new byte[20]
new File(arm, "usr/bin/bash").withInputStream { it.read(elf) }
assert (elf[18] & 0xff) == 183 && elf[19] == 0 : "usr/bin/bash is not an AArch64 ELF file (e_machine " + (elf[18] & 0xff) + ")"
assert new File(arm, "var/lib/dpkg/arch").text == "arm64\n"
def armStatus = new File(arm, "var/lib/dpkg/status").text
assert armStatus.contains("Package: libc6\n") && !(armStatus =~ /(?m)^Architecture: amd64$/)
def cache = Files.readAllBytes(new File(arm, "etc/ld.so.cache").toPath())
assert new String(cache, 0, 20, "US-ASCII") == "glibc-ld.so.cache1.1"
// the first entry's flags: FLAG_ELF_LIBC6 | FLAG_AARCH64_LIB64
assert (cache[48] & 0xff) == 0x03 && (cache[49] & 0xff) == 0x0a
assert new File(arm, "etc/passwd").text.contains("_chrony:x:100:101:")
// ... and it runs: qemu-system-aarch64 with a 64-bit CPU on the virt machine, the kernel on the arm UART; the
// arm64 systemd starts the agent's unit, and the arm64 agent prints its marker
assert log =~ /Booting initrd: qemu-system-aarch64 -accel tcg .* -machine virt -m 1024 -cpu max -initrd \S+\/target\/aarch64\.initrd -append console=ttyAMA0 panic=-1/
def armConsole = new File(basedir, "target/aarch64.work/verify/initrd.console.log").text
assert armConsole.contains("Detected architecture arm64.") && armConsole =~ /Started \S*kata-agent\.service/
assert armConsole.contains("ROOTFS-FIXTURE-AGENT-MARKER")
// the arm64 image too, on a virtio disk (the FIXTURE initramfs loads the arm64 kernel's virtio-blk and ext4
// modules); virt boots no NVDIMM with the kernel started directly, so that boot is left out, and said
assert log =~ /Booting image: qemu-system-aarch64 -accel tcg .* -machine virt -m 1024 -cpu max .*-drive file=\S+\/target\/aarch64\.img,if=virtio,format=raw,readonly=on/
assert log.contains("Boot image-nvdimm left out: qemu's virt machine for aarch64 does not boot an NVDIMM")
def armImage = new File(basedir, "target/aarch64.work/verify/image.console.log").text
assert armImage.contains("Detected architecture arm64.") && armImage.contains("ROOTFS-FIXTURE-AGENT-MARKER")

// s390x: a big-endian ELF (e_machine 22), dpkg's arch, and the cache in the guest's byte order
def s390 = new File(basedir, "target/s390x")
new File(s390, "usr/bin/bash").withInputStream { it.read(elf) }
assert elf[5] == 2 && elf[18] == 0 && elf[19] == 22 : "usr/bin/bash is not a big-endian S/390 ELF file"
assert new File(s390, "var/lib/dpkg/arch").text == "s390x\n"
def big = Files.readAllBytes(new File(s390, "etc/ld.so.cache").toPath())
// the header's byte-order flag says big-endian (3); the first entry's flags: FLAG_S390_LIB64 | FLAG_ELF_LIBC6
assert big[28] == 3 && big[48] == 0 && big[49] == 0 && big[50] == 4 && big[51] == 3

// ppc64le: a little-endian 64-bit POWER ELF (e_machine 21), dpkg's ppc64el, the cache little-endian
def ppc = new File(basedir, "target/ppc64le")
new File(ppc, "usr/bin/bash").withInputStream { it.read(elf) }
assert elf[4] == 2 && elf[5] == 1 && elf[18] == 21 && elf[19] == 0 : "usr/bin/bash is not a little-endian 64-bit POWER ELF file"
assert new File(ppc, "var/lib/dpkg/arch").text == "ppc64el\n"
def little = Files.readAllBytes(new File(ppc, "etc/ld.so.cache").toPath())
// the header's byte-order flag says little-endian (2); the first entry's flags: FLAG_POWERPC_LIB64 | FLAG_ELF_LIBC6
assert little[28] == 2 && little[48] == 3 && little[49] == 5 && little[50] == 0 && little[51] == 0
true
