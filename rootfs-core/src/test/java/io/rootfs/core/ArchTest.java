package io.rootfs.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rootfs.api.Arch;
import org.junit.jupiter.api.Test;

class ArchTest {
    @Test
    void acceptsKataAndDebianNames() {
        assertThat(Arch.parse("aarch64")).isEqualTo(Arch.AARCH64);
        assertThat(Arch.parse("ARM64")).isEqualTo(Arch.AARCH64);
        assertThat(Arch.parse("ppc64el").kataName()).isEqualTo("ppc64le");
        assertThat(Arch.X86_64.debianName()).isEqualTo("amd64");
    }

    @Test
    void unknownNamesListWhatIsAccepted() {
        assertThatThrownBy(() -> Arch.parse("riscv64"))
                .hasMessage("Unknown architecture 'riscv64'. Accepted: x86_64, aarch64, ppc64le, s390x");
    }
}
