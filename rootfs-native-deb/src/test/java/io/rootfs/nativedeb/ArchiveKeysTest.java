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
 * A signing key the distro names by GPG_KEY_URL and GPG_KEY_FINGERPRINT (as Ubuntu's): fetched once, kept in the package
 * cache by its fingerprint after the build that checked InRelease with it, and taken from there by later builds, offline
 * ones too. The FIXTURE key is served by a FIXTURE server on 127.0.0.1.
 */
class ArchiveKeysTest {
    private static final ProxySelector DIRECT = ProxySelector.of(null);

    @Test
    void aFetchedKeyIsKeptByItsFingerprintOnceUsedAndServesOfflineBuilds(@TempDir Path tmp) throws Exception {
        try (FixtureKey key = FixtureKey.create(tmp.resolve("gpg"))) {
            Path served = Files.createDirectories(tmp.resolve("served"));
            Files.copy(key.publicKey(), served.resolve("key.asc"));
            Path distro = Files.createDirectories(tmp.resolve("distro"));
            Path kept = tmp.resolve("cache/" + ArchiveKeys.KEPT);
            String fingerprint = key.fingerprint().replace(" ", "").toUpperCase(java.util.Locale.ROOT);
            BuildReport report;
            try (FixtureServer server = FixtureServer.serve(served)) {
                report = report(tmp, fingerprint, server.url() + "/key.asc");
                // offline with nothing kept: refused at once, naming the key and where it would be kept
                assertThatThrownBy(() -> ArchiveKeys.trustedList(distro, report, run(tmp, "offline"), DIRECT, kept, true))
                        .isInstanceOfSatisfying(RootfsException.class, e -> assertThat(e.isUserError()).isTrue())
                        .hasMessage("Maven runs offline (-o), and the signing key " + fingerprint + " is neither shipped"
                                + " with this distro (GPG_KEY_FILE=archive.asc) nor kept in the package cache (" + kept
                                + "): build once without -o to keep it there, or set GPG_KEY_FILE=/path/to/key.");
                ArchiveKeys.Trusted fetched = ArchiveKeys.trustedList(distro, report, run(tmp, "first"), DIRECT, kept,
                        false);
                assertThat(fetched.fetched()).hasSameBinaryContentAs(key.publicKey());
                SignedRelease.TrustedKeys.fromList(fetched.list()); // the key has the fingerprint
                assertThat(kept).doesNotExist(); // not before a build has checked InRelease with it
                // a cache folder that is a link (put there by someone else) gets nothing written where it leads
                Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
                Path linked = Files.createSymbolicLink(tmp.resolve("linked-keys"), elsewhere);
                ArchiveKeys.keep(fetched, linked, new RecordingLog());
                assertThat(elsewhere).isEmptyDirectory();
                ArchiveKeys.keep(fetched, kept, new RecordingLog());
                assertThat(kept.resolve(fingerprint)).hasSameBinaryContentAs(key.publicKey());
            }
            // the key server gone: later builds, online and offline, take the kept key
            for (boolean offline : new boolean[] {false, true}) {
                ArchiveKeys.Trusted again = ArchiveKeys.trustedList(distro, report, run(tmp, "again-" + offline), DIRECT,
                        kept, offline);
                assertThat(again.fetched()).isNull();
                SignedRelease.TrustedKeys.fromList(again.list());
            }
            // a kept file that is not the key with that fingerprint is refused when the build loads it
            Files.writeString(kept.resolve(fingerprint), "not a key\n");
            Path list = ArchiveKeys.trustedList(distro, report, run(tmp, "bad"), DIRECT, kept, true).list();
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
