package io.rootfs.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootfs.api.Arch;
import io.rootfs.testkit.RecordingLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The qemu command line of each guest architecture (real boots: the verify ITs). */
class QemuBootTest {
    static final GuestBoot INITRD = new GuestBoot("initrd", List.of(), "", false, "/t/rootfs.initrd", 0);

    static List<String> command(String machine, GuestBoot boot, Arch arch) {
        BootSettings settings = new BootSettings(Path.of("/k/vmlinuz"), null, machine, 1024, false, Duration.ofMinutes(5),
                "MARKER", "", List.of(), Path.of("/t/verify"));
        return new QemuBoot(settings, new RecordingLog()).command(boot, arch);
    }

    @Test
    void x86GuestsBootOnThePcMachineWithTheFirstSerialPort() {
        List<String> cmd = command(null, INITRD, Arch.X86_64);
        assertThat(cmd).startsWith("qemu-system-x86_64", "-accel", "tcg").containsSequence("-machine", "pc")
                .doesNotContain("-cpu").containsSequence("-initrd", "/t/rootfs.initrd");
        assertThat(cmd.get(cmd.size() - 1)).isEqualTo("console=ttyS0 panic=-1");
    }

    @Test
    void armGuestsBootOnVirtWithA64BitCpuAndItsUart() {
        List<String> cmd = command("", INITRD, Arch.AARCH64);
        assertThat(cmd).startsWith("qemu-system-aarch64").containsSequence("-machine", "virt")
                .containsSequence("-cpu", "max");
        assertThat(cmd.get(cmd.size() - 1)).isEqualTo("console=ttyAMA0 panic=-1");
    }

    @Test
    void powerAndZGuestsGetTheirQemuMachineAndConsole() {
        List<String> ppc = command(null, INITRD, Arch.PPC64LE);
        assertThat(ppc).startsWith("qemu-system-ppc64").containsSequence("-machine", "pseries");
        assertThat(ppc.get(ppc.size() - 1)).startsWith("console=hvc0 ");
        List<String> s390 = command(null, INITRD, Arch.S390X);
        assertThat(s390).startsWith("qemu-system-s390x").containsSequence("-machine", "s390-ccw-virtio");
        assertThat(s390.get(s390.size() - 1)).startsWith("console=ttysclp0 ");
    }

    @Test
    void aMachineGivenIsUsedAlsoForTheNvdimmBoot() {
        GuestBoot nvdimm = new GuestBoot("image-nvdimm", List.of("-device", "nvdimm,id=nv0,memdev=mem0"),
                "root=/dev/pmem0p1", true, null, 256L << 20);
        List<String> cmd = command("q35", nvdimm, Arch.X86_64);
        assertThat(cmd).containsSequence("-machine", "q35,nvdimm=on").containsSequence("-m", "1024,slots=2,maxmem=2304M");
        assertThat(cmd.get(cmd.size() - 1)).isEqualTo("console=ttyS0 panic=-1 root=/dev/pmem0p1");
    }

    @Test
    void kvmIsRefusedForAGuestOfAnotherArchitecture() {
        Arch other = Arch.host() == Arch.X86_64 ? Arch.AARCH64 : Arch.X86_64;
        BootSettings kvm = new BootSettings(Path.of("/k/vmlinuz"), null, null, 1024, true, Duration.ofMinutes(5),
                "MARKER", "", List.of(), Path.of("/t/verify"));
        QemuBoot qemu = new QemuBoot(kvm, new RecordingLog());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> qemu.command(INITRD, other))
                .hasMessage("rootfs.verify.kvm=true, but the guest is " + other + " and this machine " + Arch.host()
                        + ": KVM runs only this machine's architecture. Leave rootfs.verify.kvm out, and qemu emulates"
                        + " the guest.");
        assertThat(qemu.command(INITRD, Arch.host())).startsWith(QemuTarget.of(Arch.host()).program(), "-accel", "kvm");
    }
}
