package io.rootfs.core.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootfs.api.Arch;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What CPU an ELF file is for: machine, class and byte order together. */
class ElfFileTest {
    @TempDir
    Path tmp;

    /** An ELF header with no program headers: class, byte order and machine as given. */
    Path header(String name, boolean wide, ByteOrder order, int machine) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(64).order(order);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', (byte) (wide ? 2 : 1), (byte) (order == ByteOrder.BIG_ENDIAN ? 2 : 1), 1});
        b.putShort(16, (short) 2).putShort(18, (short) machine);
        if (wide) {
            b.putShort(54, (short) 56);
        } else {
            b.putShort(42, (short) 32);
        }
        return Files.write(tmp.resolve(name), b.array());
    }

    @Test
    void eachArchitectureIsItsMachineClassAndByteOrder() throws Exception {
        ElfFile host = ElfFile.read(Path.of("/usr/bin/true")).orElseThrow();
        assertThat(host.target()).isEqualTo(Arch.host().kataName());
        assertThat(ElfFile.read(header("s390x", true, ByteOrder.BIG_ENDIAN, ElfFile.EM_S390)).orElseThrow().target())
                .isEqualTo("s390x");
        ElfFile ppc = ElfFile.read(header("ppc64le", true, ByteOrder.LITTLE_ENDIAN, ElfFile.EM_PPC64)).orElseThrow();
        assertThat(ppc.runsOn(Arch.PPC64LE)).isTrue();
        // big-endian ppc64 is not ppc64le, nor a 32-bit x86 program x86_64
        ElfFile ppcBig = ElfFile.read(header("ppc64", true, ByteOrder.BIG_ENDIAN, ElfFile.EM_PPC64)).orElseThrow();
        assertThat(ppcBig.runsOn(Arch.PPC64LE)).isFalse();
        assertThat(ppcBig.target()).isEqualTo("ELF machine 21 (64-bit, big-endian)");
        ElfFile i386 = ElfFile.read(header("i386", false, ByteOrder.LITTLE_ENDIAN, ElfFile.EM_386)).orElseThrow();
        assertThat(i386.runsOn(Arch.X86_64)).isFalse();
        assertThat(i386.target()).isEqualTo("ELF machine 3 (32-bit, little-endian)");
        ElfFile arm = ElfFile.read(io.rootfs.testkit.FixtureAgent.build(tmp.resolve("arm"), Arch.AARCH64)).orElseThrow();
        assertThat(arm.runsOn(Arch.AARCH64)).isTrue();
        assertThat(arm.runsOn(Arch.X86_64)).isFalse();
        assertThat(arm.interpreter()).isEmpty();
    }
}
