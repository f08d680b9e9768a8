package io.rootfs.core.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageDatabaseTest {
    @TempDir
    Path tmp;

    @Test
    void dpkgStatusGivesInstalledPackagesWithPackageUrls() throws IOException {
        Path status = Files.createDirectories(tmp.resolve("var/lib/dpkg")).resolve("status");
        Files.writeString(status, """
                Package: bash
                Status: install ok installed
                Priority: required
                Architecture: amd64
                Version: 5.2.15-2+b2
                Description: GNU Bourne Again SHell
                 Bash is an sh-compatible command language interpreter.

                Package: gone
                Status: deinstall ok config-files
                Architecture: amd64
                Version: 1.0

                Package: libc6
                Status: install ok installed
                Architecture: amd64
                Version: 2.36-9+deb12u4
                """);
        assertThat(PackageDatabase.read(tmp, "debian", "bookworm")).extracting(GuestPackage::purl).containsExactly(
                "pkg:deb/debian/bash@5.2.15-2%2Bb2?arch=amd64&distro=bookworm",
                "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=bookworm");
    }

    @Test
    void apkDatabaseAndEpochsAreRead() throws IOException {
        Path installed = Files.createDirectories(tmp.resolve("lib/apk/db")).resolve("installed");
        Files.writeString(installed, "C:Q1abc\nP:musl\nV:1.2.5-r10\nA:x86_64\n\nP:busybox\nV:1.37.0-r18\nA:x86_64\n");
        assertThat(PackageDatabase.read(tmp, "alpine", "3.22")).extracting(GuestPackage::purl).containsExactly(
                "pkg:apk/alpine/busybox@1.37.0-r18?arch=x86_64&distro=3.22",
                "pkg:apk/alpine/musl@1.2.5-r10?arch=x86_64&distro=3.22");
        assertThat(new GuestPackage("deb", "debian", "", "systemd", "1:252-1", "amd64").purl())
                .isEqualTo("pkg:deb/debian/systemd@1%3A252-1?arch=amd64");
    }
}
