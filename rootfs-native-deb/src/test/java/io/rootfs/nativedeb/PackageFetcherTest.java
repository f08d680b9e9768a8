package io.rootfs.nativedeb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.rootfs.core.RootfsException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads against a FIXTURE mirror: a local HTTP server that stops sending half way. */
class PackageFetcherTest {

    @Test
    void aMirrorThatStopsSendingIsGivenUpAndNothingIsCached(@TempDir Path tmp) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/debian/", exchange -> {
            exchange.sendResponseHeaders(200, 1000);
            exchange.getResponseBody().write(new byte[100]);
            exchange.getResponseBody().flush();
            try {
                // then nothing more; had the fetcher waited, it would see 100 of 1000 bytes and report a
                // mismatch with the index instead of the stall
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.start();
        try {
            String mirror = "http://127.0.0.1:" + server.getAddress().getPort() + "/debian";
            DebPackage p = ResolverTest.index(ResolverTest.entry("slow", "1").replace("Size: 1", "Size: 1000"))
                    .candidate("slow").orElseThrow();
            Path cache = tmp.resolve("cache");
            assertThatThrownBy(() -> new PackageFetcher(mirror, cache, 1, null, Duration.ofSeconds(1))
                    .fetch(List.of(p), false, x -> { }))
                    .isInstanceOf(RootfsException.class)
                    .hasMessageContaining("pool/main/slow.deb (slow 1 (amd64)): the mirror sent nothing for 1 s");
            try (var left = Files.list(cache)) {
                assertThat(left).isEmpty();
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aCachedPackageTakenIsMarkedUsedSoAPruningKeepsIt(@TempDir Path tmp) throws Exception {
        String sha = io.rootfs.core.output.Digests.sha256("x");
        DebPackage p = ResolverTest.index(ResolverTest.entry("kept", "1").replace("0".repeat(64), sha))
                .candidate("kept").orElseThrow();
        Path cache = tmp.resolve("cache");
        PackageFetcher fetcher = new PackageFetcher("http://127.0.0.1:9/debian", cache, 1, null);
        Path deb = Files.writeString(Files.createDirectories(cache).resolve(sha + ".deb"), "x");
        Files.setLastModifiedTime(deb, java.nio.file.attribute.FileTime.fromMillis(0));

        assertThat(fetcher.fetch(List.of(p), true, x -> { })).containsExactly(deb);
        assertThat(Files.getLastModifiedTime(deb).toInstant()).isAfter(java.time.Instant.now().minusSeconds(60));
        assertThat(PackageFetcher.NAME.matcher(deb.getFileName().toString()).matches()).isTrue();
    }

    @Test
    void aDownloadedPackageIsReadableAsTheUmaskSaysNotOnlyByItsUser(@TempDir Path tmp) throws Exception {
        byte[] content = "a FIXTURE package".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/debian/", exchange -> {
            exchange.sendResponseHeaders(200, content.length);
            exchange.getResponseBody().write(content);
            exchange.close();
        });
        server.start();
        try {
            String mirror = "http://127.0.0.1:" + server.getAddress().getPort() + "/debian";
            DebPackage p = ResolverTest.index(ResolverTest.entry("plain", "1")
                    .replace("Size: 1", "Size: " + content.length)
                    .replace("0".repeat(64), io.rootfs.core.output.Digests.sha256(new String(content,
                            java.nio.charset.StandardCharsets.UTF_8)))).candidate("plain").orElseThrow();
            Path cache = tmp.resolve("cache");
            Path deb = new PackageFetcher(mirror, cache, 1, null).fetch(List.of(p), false, x -> { }).get(0);
            assertThat(Files.readAllBytes(deb)).isEqualTo(content);
            // the mode a file made plainly there gets (0644 under umask 022), not a temporary file's 0600
            Path plain = Files.createFile(tmp.resolve("plain"));
            assertThat(Files.getPosixFilePermissions(deb)).isEqualTo(Files.getPosixFilePermissions(plain));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void indexPathsAreQuotedAsAptRequestsThem() {
        assertThat(PackageFetcher.quoted("pool/main/b/bsdutils_1%3a2.38.1-5+deb12u3_amd64.deb"))
                .isEqualTo("pool/main/b/bsdutils_1%253a2.38.1-5+deb12u3_amd64.deb");
        assertThat(PackageFetcher.quoted("pool/main/a b/c~d.deb")).isEqualTo("pool/main/a%20b/c~d.deb");
    }
}
