package io.rootfs.core.check;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitCheckTest {
    @TempDir
    Path tmp;

    @Test
    void linkOrExecutablePassesAPlainFileFails() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("r/sbin"));
        Path init = root.resolve("init");
        Files.writeString(init, "not executable");
        assertThatThrownBy(() -> InitCheck.check(tmp.resolve("r"), tmp, io.rootfs.api.Arch.X86_64))
                .hasMessageContaining("must install an init system");
        Files.setPosixFilePermissions(init, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThatCode(() -> InitCheck.check(tmp.resolve("r"), tmp, io.rootfs.api.Arch.X86_64)).doesNotThrowAnyException();
        Files.delete(init);
        Files.createSymbolicLink(init, Path.of("/lib/systemd/systemd"));
        // a link is followed inside the guest: to nothing, the guest cannot start it
        assertThatThrownBy(() -> InitCheck.check(tmp.resolve("r"), tmp, io.rootfs.api.Arch.X86_64))
                .hasMessageStartingWith("The guest cannot start /sbin/init: /sbin/init leads to /lib/systemd/systemd,"
                        + " which is not a file in the guest");
        Path systemd = Files.createDirectories(tmp.resolve("r/lib/systemd")).resolve("systemd");
        Files.writeString(systemd, "neither a script nor ELF");
        assertThatCode(() -> InitCheck.check(tmp.resolve("r"), tmp, io.rootfs.api.Arch.X86_64)).doesNotThrowAnyException();
    }
}
