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

    Path report(String json) throws Exception {
        return Files.writeString(tmp.resolve("rootfs.build.json"), json);
    }

    @Test
    void theBootsAreForTheArchitectureTheBuildWasFor() throws Exception {
        Path arm = report("{\"arch\": \"aarch64\", \"outputs\": []}");
        assertThat(BootPlan.arch(arm, null)).isEqualTo(Arch.AARCH64);
        assertThat(BootPlan.arch(arm, " arm64 ")).isEqualTo(Arch.AARCH64);
        assertThatThrownBy(() -> BootPlan.arch(arm, "x86_64")).isInstanceOf(RootfsException.class)
                .hasMessage("rootfs.arch=x86_64, but the build in " + arm + " is for aarch64: rootfs:verify boots what was"
                        + " built. Leave rootfs.arch out, or build for x86_64 first.");
        assertThatThrownBy(() -> BootPlan.arch(arm, "sparc")).hasMessageStartingWith("rootfs.arch: Unknown architecture 'sparc'");
    }

    @Test
    void aReportWithoutItsArchitectureBootsWhatIsAsked() throws Exception {
        Path old = report("{\"outputs\": []}");
        assertThat(BootPlan.arch(old, "s390x")).isEqualTo(Arch.S390X);
        assertThat(BootPlan.arch(old, "")).isEqualTo(Arch.host());
    }

    @Test
    void noReportSaysToBuildFirst() {
        assertThatThrownBy(() -> BootPlan.arch(tmp.resolve("missing.build.json"), null))
                .hasMessageContaining("run rootfs:build first");
    }
}
