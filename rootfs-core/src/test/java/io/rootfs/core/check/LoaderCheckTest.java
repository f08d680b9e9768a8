package io.rootfs.core.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rootfs.api.Arch;
import io.rootfs.core.tree.GuestPath;
import io.rootfs.core.tree.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader check over a small merged-usr guest made of this machine's own (Debian, x86_64) programs and libraries. */
class LoaderCheckTest {
    static final Path MULTIARCH = Path.of("/usr/lib/x86_64-linux-gnu");
    @TempDir
    Path tmp;
    Path root;

    @BeforeEach
    void mergedUsrGuest() throws IOException {
        assumeTrue(Files.isRegularFile(MULTIARCH.resolve("libc.so.6")), "needs a Debian x86_64 host");
        root = tmp.resolve("guest");
        Path lib = Files.createDirectories(root.resolve("usr/lib/x86_64-linux-gnu"));
        Files.createDirectories(root.resolve("usr/lib64"));
        Files.createDirectories(root.resolve("usr/bin"));
        Files.createDirectories(root.resolve("usr/sbin"));
        Files.createDirectories(root.resolve("etc/ld.so.conf.d"));
        for (String top : new String[] {"lib", "lib64", "bin", "sbin"}) {
            Files.createSymbolicLink(root.resolve(top), Path.of("usr/" + top));
        }
        Files.writeString(root.resolve("etc/ld.so.conf"), "include /etc/ld.so.conf.d/*.conf\n");
        Files.writeString(root.resolve("etc/ld.so.conf.d/x86_64-linux-gnu.conf"), "# Multiarch support\n"
                + "/usr/local/lib/x86_64-linux-gnu\n/lib/x86_64-linux-gnu\n/usr/lib/x86_64-linux-gnu\n");
        ElfFile tru = ElfFile.read(Path.of("/usr/bin/true")).orElseThrow();
        for (String needed : tru.needed()) {
            Files.copy(MULTIARCH.resolve(needed), lib.resolve(needed));
        }
        String loader = tru.interpreter().orElseThrow(); // /lib64/ld-linux-x86-64.so.2, an absolute link on Debian
        Files.copy(MULTIARCH.resolve(Path.of(loader).getFileName()), lib.resolve(Path.of(loader).getFileName()));
        Files.createSymbolicLink(root.resolve("usr/lib64").resolve(Path.of(loader).getFileName()),
                Path.of("/lib/x86_64-linux-gnu").resolve(Path.of(loader).getFileName()));
        Files.copy(Path.of("/usr/bin/true"), root.resolve("usr/bin/true"));
        Files.createSymbolicLink(root.resolve("usr/sbin/init"), Path.of("../bin/true"));
    }

    @Test
    void readsTheLoaderAndTheLibrariesOfARealProgram() throws IOException {
        ElfFile tru = ElfFile.read(Path.of("/usr/bin/true")).orElseThrow();
        assertThat(tru.interpreter()).contains("/lib64/ld-linux-x86-64.so.2");
        assertThat(tru.needed()).contains("libc.so.6");
        assertThat(ElfFile.read(root.resolve("etc/ld.so.conf"))).isEqualTo(Optional.empty());
    }

    @Test
    void aGuestWithItsLoaderAndLibrariesPasses() {
        assertThatCode(() -> new LoaderCheck(new GuestPath(root), Arch.X86_64).check("/sbin/init")).doesNotThrowAnyException();
    }

    @Test
    void aLibLinkReplacedByAFolderIsCaught() throws IOException {
        // what an overlay holding lib/systemd/system/foo.service did before: /lib became a real folder
        Files.delete(root.resolve("lib"));
        Files.createDirectories(root.resolve("lib/systemd/system"));
        assertThatThrownBy(() -> new LoaderCheck(new GuestPath(root), Arch.X86_64).check("/sbin/init"))
                .hasMessageStartingWith("The guest cannot start /sbin/init: its dynamic loader /lib64/ld-linux-x86-64.so.2"
                        + " leads to /lib/x86_64-linux-gnu/ld-linux-x86-64.so.2, which is not there");
    }

    @Test
    void aMissingLibraryIsNamed() throws IOException {
        Files.delete(root.resolve("usr/lib/x86_64-linux-gnu/libc.so.6"));
        assertThatThrownBy(() -> new LoaderCheck(new GuestPath(root), Arch.X86_64).check("/sbin/init"))
                .hasMessageContaining("/sbin/init needs libc.so.6, which is not in the guest's library folders");
    }

    @Test
    void aScriptNeedsItsInterpreter() throws IOException {
        Files.writeString(root.resolve("usr/bin/agent.sh"), "#!/bin/sh -e\necho hi\n");
        assertThatThrownBy(() -> new LoaderCheck(new GuestPath(root), Arch.X86_64).check("/usr/bin/agent.sh"))
                .hasMessageContaining("/usr/bin/agent.sh is a script for /bin/sh, and /bin/sh leads to /usr/bin/sh,"
                        + " which is not a file in the guest");
        Files.createSymbolicLink(root.resolve("usr/bin/sh"), Path.of("true"));
        assertThatCode(() -> new LoaderCheck(new GuestPath(root), Arch.X86_64).check("/usr/bin/agent.sh")).doesNotThrowAnyException();
        Trees.deleteIfExists(root.resolve("usr/lib/x86_64-linux-gnu"));
        assertThatThrownBy(() -> new LoaderCheck(new GuestPath(root), Arch.X86_64).check("/usr/bin/agent.sh"))
                .hasMessageContaining("dynamic loader");
    }

    @Test
    void aTruncatedProgramIsNamedNotACrash() throws IOException {
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(Path.of("/usr/bin/true")), 40);
        Files.delete(root.resolve("usr/bin/true"));
        Files.write(root.resolve("usr/bin/true"), head);
        assertThatThrownBy(() -> new LoaderCheck(new GuestPath(root), Arch.X86_64).check("/sbin/init"))
                .isInstanceOf(io.rootfs.core.RootfsException.class)
                .hasMessageContaining("/sbin/init (/usr/bin/true) is a truncated or corrupt ELF file");
    }

    @Test
    void aProgramForAnotherArchitectureCannotBeStarted() throws IOException {
        assertThatThrownBy(() -> new LoaderCheck(new GuestPath(root), Arch.AARCH64).check("/sbin/init"))
                .hasMessage("The guest cannot start /sbin/init: it is a program for x86_64, and the guest is aarch64"
                        + " (rootfs.arch). Give one built for aarch64 (an agent from a Kata release for aarch64?), or build"
                        + " for x86_64.");
        // a script's interpreter too
        Files.writeString(root.resolve("usr/bin/agent.sh"), "#!/usr/bin/true\n");
        assertThatThrownBy(() -> new LoaderCheck(new GuestPath(root), Arch.S390X).check("/usr/bin/agent.sh"))
                .hasMessageStartingWith("The guest cannot start /usr/bin/true (the interpreter of a script it starts): it"
                        + " is a program for x86_64, and the guest is s390x");
        // FIXTURE arm64 code: an arm64 guest starts it (static: no loader), an x86_64 one does not
        Path arm = io.rootfs.testkit.FixtureAgent.build(tmp.resolve("arm"), Arch.AARCH64);
        Files.copy(arm, root.resolve("usr/bin/kata-agent"));
        assertThatCode(() -> new LoaderCheck(new GuestPath(root), Arch.AARCH64).check("/usr/bin/kata-agent"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> new LoaderCheck(new GuestPath(root), Arch.X86_64).check("/usr/bin/kata-agent"))
                .hasMessageStartingWith("The guest cannot start /usr/bin/kata-agent: it is a program for aarch64, and the"
                        + " guest is x86_64");
    }
}
