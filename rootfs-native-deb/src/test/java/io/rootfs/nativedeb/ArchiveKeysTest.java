package io.rootfs.nativedeb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rootfs.core.RootfsException;
import io.rootfs.core.script.BuildReport;
import io.rootfs.testkit.FixtureKey;
import io.rootfs.testkit.FixtureServer;
import io.rootfs.testkit.RecordingLog;
import java.net.ProxySelector;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A signing key the distro names by GPG_KEY_URL and GPG_KEY_FINGERPRINT (as Ubuntu's): fetched by each online build, kept
 * in the package cache by its fingerprint after the build that checked InRelease with it, and taken from there by offline
 * builds and when it cannot be fetched. The FIXTURE key is served by a FIXTURE server on 127.0.0.1.
 */
class ArchiveKeysTest {
    private static final ProxySelector DIRECT = ProxySelector.of(null);

    @Test
    void aFetchedKeyIsKeptByItsFingerprintOnceUsedForOfflineBuildsAndWhenTheServerIsGone(@TempDir Path tmp)
            throws Exception {
        try (FixtureKey key = FixtureKey.create(tmp.resolve("gpg"))) {
            Path served = Files.createDirectories(tmp.resolve("served"));
            Files.copy(key.publicKey(), served.resolve("key.asc"));
            Path distro = Files.createDirectories(tmp.resolve("distro"));
            Path kept = tmp.resolve("cache/" + ArchiveKeys.KEPT);
            String fingerprint = key.fingerprint().replace(" ", "").toUpperCase(java.util.Locale.ROOT);
            RecordingLog log = new RecordingLog();
            BuildReport report;
            try (FixtureServer server = FixtureServer.serve(served)) {
                report = report(tmp, fingerprint, server.url() + "/key.asc");
                // offline with nothing kept: refused at once, naming the key and where it would be kept
                assertThatThrownBy(() -> ArchiveKeys.trustedList(distro, report, run(tmp, "offline"), DIRECT, kept, true,
                        log)).isInstanceOfSatisfying(RootfsException.class, e -> assertThat(e.isUserError()).isTrue())
                        .hasMessage("Maven runs offline (-o), and the signing key " + fingerprint + " is neither shipped"
                                + " with this distro (GPG_KEY_FILE=archive.asc) nor kept in the package cache (" + kept
                                + "): build once without -o to keep it there, or set GPG_KEY_FILE=/path/to/key.");
                ArchiveKeys.Trusted fetched = ArchiveKeys.trustedList(distro, report, run(tmp, "first"), DIRECT, kept,
                        false, log);
                assertThat(fetched.fetched()).hasSameBinaryContentAs(key.publicKey());
                SignedRelease.TrustedKeys.fromList(fetched.list()); // the key has the fingerprint
                assertThat(kept).doesNotExist(); // not before a build has checked InRelease with it
                // a cache folder that is a link (put there by someone else) gets nothing written where it leads
                Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
                Path linked = Files.createSymbolicLink(tmp.resolve("linked-keys"), elsewhere);
                ArchiveKeys.keep(fetched, linked, log);
                assertThat(elsewhere).isEmptyDirectory();
                ArchiveKeys.keep(fetched, kept, log);
                assertThat(kept.resolve(fingerprint)).hasSameBinaryContentAs(key.publicKey());
                // online, the key is fetched again (what its owner publishes is seen), and kept again after
                assertThat(ArchiveKeys.trustedList(distro, report, run(tmp, "second"), DIRECT, kept, false, log)
                        .fetched()).isNotNull();
            }
            assertThat(log.warnings).isEmpty();
            // the key server gone: offline builds take the kept key, and online ones too, saying so
            for (boolean offline : new boolean[] {true, false}) {
                ArchiveKeys.Trusted again = ArchiveKeys.trustedList(distro, report, run(tmp, "again-" + offline), DIRECT,
                        kept, offline, log);
                assertThat(again.fetched()).isNull();
                SignedRelease.TrustedKeys.fromList(again.list());
            }
            assertThat(log.warnings).singleElement().asString().startsWith("The signing key " + fingerprint + " could"
                    + " not be fetched (Cannot fetch the signing key http://").endsWith("); the copy kept in the package"
                    + " cache (" + kept.resolve(fingerprint) + ") is used instead.");
            // a kept file that is not the key with that fingerprint is refused when the build loads it
            Files.writeString(kept.resolve(fingerprint), "not a key\n");
            Path list = ArchiveKeys.trustedList(distro, report, run(tmp, "bad"), DIRECT, kept, true, log).list();
            assertThatThrownBy(() -> SignedRelease.TrustedKeys.fromList(list))
                    .hasMessageStartingWith("No key with fingerprint " + fingerprint + " in ");
        }
    }

    private static BuildReport report(Path tmp, String fingerprint, String url) throws Exception {
        Path file = tmp.resolve("report");
        Files.writeString(file, "GPG_KEY_FILE=archive.asc\nGPG_KEY_FINGERPRINT=" + fingerprint + "\nGPG_KEY_URL=" + url
                + "\n");
        return BuildReport.read(file);
    }

    private static Path run(Path tmp, String name) throws Exception {
        return Files.createDirectories(tmp.resolve("runs/" + name));
    }
}
