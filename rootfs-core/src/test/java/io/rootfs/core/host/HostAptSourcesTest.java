package io.rootfs.core.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostAptSourcesTest {
    @TempDir
    Path etcApt;

    @Test
    void deb822TakesTheFirstMainSuiteAndSkipsSecurity() throws IOException {
        Files.createDirectories(etcApt.resolve("sources.list.d"));
        Files.writeString(etcApt.resolve("sources.list.d/a-security.sources"), """
                Types: deb
                URIs: http://security.example/debian-security
                Suites: bookworm-security
                Components: main
                """);
        Files.writeString(etcApt.resolve("sources.list.d/debian.sources"), """
                Types: deb-src
                URIs: http://src.example/debian
                Suites: bookworm

                # comment
                Types: deb
                URIs: http://mirror.example/debian http://other.example/debian
                Suites: bookworm bookworm-updates
                Components: main
                Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
                """);
        assertThat(new HostAptSources(etcApt).mirror()).contains("http://mirror.example/debian");
    }

    @Test
    void oneLineFormWithOptions() throws IOException {
        Files.writeString(etcApt.resolve("sources.list"), """
                # deb http://commented.example/debian bookworm main
                deb [arch=amd64 signed-by=/k.gpg] http://one.example/debian bookworm-updates main
                deb [arch=amd64] http://one.example/debian bookworm main contrib
                """);
        assertThat(new HostAptSources(etcApt).mirror()).contains("http://one.example/debian");
    }

    @Test
    void nothingUsableIsEmpty() throws IOException {
        Files.writeString(etcApt.resolve("sources.list"), "deb http://x.example/debian-security bookworm-security main\n");
        assertThat(new HostAptSources(etcApt).mirror()).isEmpty();
        assertThat(new HostAptSources(etcApt.resolve("missing")).mirror()).isEmpty();
    }
}
