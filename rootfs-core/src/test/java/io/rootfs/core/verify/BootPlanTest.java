package io.rootfs.core.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rootfs.api.Arch;
import io.rootfs.core.RootfsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootPlanTest {
    @TempDir
    Path tmp;

    static Arch arch(Path report, String given) {
        return BootPlan.read(report, given, new io.rootfs.testkit.RecordingLog()).arch();
    }

    Path report(String json) throws Exception {
        return Files.writeString(tmp.resolve("rootfs.build.json"), json);
    }

    @Test
    void theBootsAreForTheArchitectureTheBuildWasFor() throws Exception {
        Path arm = report("{\"arch\": \"aarch64\", \"outputs\": []}");
        assertThat(arch(arm, null)).isEqualTo(Arch.AARCH64);
        assertThat(arch(arm, " arm64 ")).isEqualTo(Arch.AARCH64);
        assertThatThrownBy(() -> arch(arm, "x86_64")).isInstanceOf(RootfsException.class)
                .hasMessage("rootfs.arch=x86_64, but the build in " + arm + " is for aarch64: rootfs:verify boots what was"
                        + " built. Leave rootfs.arch out, or build for x86_64 first.");
        assertThatThrownBy(() -> arch(arm, "sparc")).hasMessageStartingWith("rootfs.arch: Unknown architecture 'sparc'");
    }

    @Test
    void aReportWithoutItsArchitectureBootsWhatIsAsked() throws Exception {
        Path old = report("{\"outputs\": []}");
        assertThat(arch(old, "s390x")).isEqualTo(Arch.S390X);
        assertThat(arch(old, "")).isEqualTo(Arch.host());
    }

    @Test
    void noReportSaysToBuildFirst() {
        assertThatThrownBy(() -> arch(tmp.resolve("missing.build.json"), null))
                .hasMessageContaining("run rootfs:build first");
    }

    @Test
    void aReportWithAnArchitectureNotKnownIsNamed() throws Exception {
        for (String arch : new String[] {"\"mips\"", "5"}) {
            Path r = report("{\"arch\": " + arch + ", \"outputs\": []}");
            assertThatThrownBy(() -> arch(r, null)).isInstanceOf(RootfsException.class)
                    .hasMessage("The build's report " + r + " names no architecture this plugin knows (\"arch\": "
                            + arch.replace("\"", "") + "): build again (mvn package), with the same rootfs.dir.");
        }
    }

    @Test
    void anNvdimmIsBootedOnlyWhereQemuBootsOneWithoutFirmware() throws Exception {
        // a DAX image of one 128 MiB block (sparse): ext4 by default, the DAX header at 4 KiB
        Path image = tmp.resolve("rootfs.img");
        try (var f = new java.io.RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(128L << 20);
            f.seek(4096);
            f.write("NVDIMM_PFN_INFO".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        Path r = report("{\"outputs\": [{\"format\": \"image\", \"file\": \"" + image + "\"}]}");
        io.rootfs.testkit.RecordingLog log = new io.rootfs.testkit.RecordingLog();
        assertThat(BootPlan.read(r, "x86_64", log).boots()).extracting(GuestBoot::name).containsExactly("image", "image-nvdimm");
        assertThat(BootPlan.read(r, "aarch64", log).boots()).extracting(GuestBoot::name).containsExactly("image");
        assertThat(log.lines).contains("Boot image-nvdimm left out: qemu's virt machine for aarch64 does not boot an"
                + " NVDIMM with the kernel started directly (it needs firmware with ACPI)");
        assertThat(BootPlan.read(r, "s390x", log).boots()).extracting(GuestBoot::name).containsExactly("image");
        assertThat(log.lines).contains("Boot image-nvdimm left out: qemu's s390-ccw-virtio machine for s390x does not"
                + " boot an NVDIMM with the kernel started directly (it has none)");
    }
}
