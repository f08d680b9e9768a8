package io.rootfs.nativedeb;

import io.rootfs.api.BuildLog;
import io.rootfs.api.DistroDescriptor;
import io.rootfs.core.RootfsException;
import io.rootfs.core.script.BuildReport;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProxySelector;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Which archive keys the native backend trusts: the list the distro artifact carries
 * ({@value DistroDescriptor#NATIVE_KEYS}: keyring files, each trusted for one primary key
 * fingerprint), or the key Kata's variables name, {@code GPG_KEY_FILE} shipped in the distro
 * folder or fetched from {@code GPG_KEY_URL}, trusted only for {@code GPG_KEY_FINGERPRINT}. The
 * latter wins when its fingerprint is not on the carried list (a build that names its own key).
 * A fetched key is kept in the package cache by its fingerprint once a build has checked the
 * archive's InRelease with it ({@link #keep}): offline builds take it from there, and online ones
 * when the key cannot be fetched.
 */
final class ArchiveKeys {
    /** The variables of config.sh (or {@code <environment>}) that name a key. */
    static final List<String> VARIABLES = List.of("GPG_KEY_FILE", "GPG_KEY_URL", "GPG_KEY_FINGERPRINT");
    private static final long MAX_KEY = 1 << 20;

    private ArchiveKeys() {
    }

    /** The folder of a package cache where fetched keys are kept, by fingerprint. */
    static final String KEPT = "archive-keys";

    /**
     * The keys to trust.
     *
     * @param list    a list file ({@code FINGERPRINT FILE} lines) naming them
     * @param fetched the key fetched from {@code GPG_KEY_URL} for this build (to keep once InRelease is checked), or null
     */
    record Trusted(Path list, Path fetched, String fingerprint) {
    }

    /**
     * The keys to trust, the list written in {@code runDir} when needed.
     *
     * @param kept    the package cache's folder of kept keys ({@link #KEPT})
     * @param offline Maven runs offline: the kept key is taken, and a key neither shipped nor kept is an error; online
     *                the key is fetched, the kept one taken (with a warning) only when the fetch fails
     */
    static Trusted trustedList(Path distroFolder, BuildReport report, Path runDir, ProxySelector proxies, Path kept,
            boolean offline, BuildLog log) {
        Path carried = distroFolder.resolve(DistroDescriptor.NATIVE_KEYS);
        String fingerprint = report.get("GPG_KEY_FINGERPRINT").replace(" ", "").toUpperCase(Locale.ROOT);
        if (!fingerprint.isEmpty() && !fingerprint.matches("[0-9A-F]{40}")) {
            throw RootfsException.input("GPG_KEY_FINGERPRINT=" + report.get("GPG_KEY_FINGERPRINT") + " is not an OpenPGP"
                    + " v4 fingerprint (40 hexadecimal digits).");
        }
        try {
            boolean hasList = Files.isRegularFile(carried, LinkOption.NOFOLLOW_LINKS);
            if (fingerprint.isEmpty() || hasList && Files.readString(carried).toUpperCase(Locale.ROOT).contains(fingerprint)) {
                if (!hasList) {
                    throw RootfsException.input("The distro " + distroFolder + " carries no " + DistroDescriptor.NATIVE_KEYS
                            + " and names no GPG_KEY_FINGERPRINT: the native backend has no archive key to check"
                            + " the mirror's InRelease against. Set GPG_KEY_FINGERPRINT (and GPG_KEY_URL or GPG_KEY_FILE)"
                            + " in <environment>, or build with -Drootfs.backend=host.");
                }
                return new Trusted(carried, null, null);
            }
            Path keys = Files.createDirectories(runDir.resolve("native-keys"));
            Path key = keys.resolve("archive-key");
            String file = report.get("GPG_KEY_FILE");
            Path shipped = file.isEmpty() ? null
                    : file.startsWith("/") ? Path.of(file) : distroFolder.resolve(file).normalize();
            if (shipped != null && !file.startsWith("/") && !shipped.startsWith(distroFolder.normalize())) {
                throw RootfsException.input("GPG_KEY_FILE=" + file + " leaves the distro folder: give a file in it, or an"
                        + " absolute path.");
            }
            Path keptKey = kept.resolve(fingerprint);
            // a kept copy's fingerprint is checked again when the build loads it, as any key's
            boolean isKept = Files.isRegularFile(keptKey, LinkOption.NOFOLLOW_LINKS) && Files.size(keptKey) <= MAX_KEY;
            boolean fetched = false;
            if (shipped != null && Files.isRegularFile(shipped)) {
                Files.copy(shipped, key, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } else if (offline) {
                if (!isKept) {
                    throw RootfsException.input("Maven runs offline (-o), and the signing key " + fingerprint + " is"
                            + " neither shipped with this distro" + (file.isEmpty() ? "" : " (GPG_KEY_FILE=" + file + ")")
                            + " nor kept in the package cache (" + kept + "): build once without -o to keep it there,"
                            + " or set GPG_KEY_FILE=/path/to/key.");
                }
                takeKept(keptKey, key);
            } else {
                // fetched by every online build, so that what its owner publishes (a revocation, a new expiry) is seen
                try {
                    fetch(report.get("GPG_KEY_URL"), key, proxies, file);
                    fetched = true;
                } catch (RootfsException e) {
                    if (!isKept) {
                        throw e;
                    }
                    log.warn("The signing key " + fingerprint + " could not be fetched (" + e.getMessage() + "); the copy"
                            + " kept in the package cache (" + keptKey + ") is used instead.");
                    takeKept(keptKey, key);
                }
            }
            Path list = keys.resolve("trusted");
            Files.writeString(list, fingerprint + " " + key.getFileName() + "\n");
            return new Trusted(list, fetched ? key : null, fingerprint);
        } catch (IOException e) {
            throw RootfsException.environment("Cannot prepare the archive key: " + e.getMessage(), e);
        }
    }

    /** The kept key becomes this build's {@code key}, and counts as used for the cache's pruning. */
    private static void takeKept(Path keptKey, Path key) throws IOException {
        Files.copy(keptKey, key, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        CachePruning.used(keptKey);
    }

    /**
     * Keeps the key this build fetched in {@code kept} by its fingerprint (once the build checked InRelease with it);
     * a key that cannot be kept is only fetched again next time.
     */
    static void keep(Trusted trusted, Path kept, BuildLog log) {
        if (trusted.fetched() == null) {
            return;
        }
        try {
            Files.createDirectories(kept);
            if (!Files.isDirectory(kept, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException("not a folder of its own (a link?)"); // nothing written where it leads
            }
            CacheFiles.replace(kept.resolve(trusted.fingerprint()), ".key", tmp -> Files.copy(trusted.fetched(), tmp,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING));
            log.debug("Signing key " + trusted.fingerprint() + " kept in " + kept + " for later and offline builds");
        } catch (IOException | RuntimeException e) {
            log.debug("Signing key " + trusted.fingerprint() + " not kept in " + kept + ": " + e);
        }
    }

    private static void fetch(String url, Path to, ProxySelector proxies, String file) throws IOException {
        if (url.isEmpty()) {
            throw RootfsException.input("The signing key " + file + " is not shipped with this distro and no GPG_KEY_URL"
                    + " names where to fetch it: set GPG_KEY_URL, or GPG_KEY_FILE=/path/to/key.");
        }
        try {
            java.net.HttpURLConnection c = io.rootfs.core.host.HttpGet.open(URI.create(url),
                    io.rootfs.core.host.ProxyRoute.of(proxies), Duration.ofSeconds(10), Duration.ofSeconds(30));
            try {
                if (c.getResponseCode() != 200) {
                    throw new IOException("HTTP " + c.getResponseCode());
                }
                byte[] key;
                try (InputStream in = c.getInputStream()) {
                    key = in.readNBytes((int) MAX_KEY + 1);
                }
                if (key.length > MAX_KEY) {
                    throw new IOException("larger than " + MAX_KEY + " bytes");
                }
                Files.write(to, key);
            } finally {
                c.disconnect();
            }
        } catch (IOException | IllegalArgumentException e) {
            throw RootfsException.environment("Cannot fetch the signing key " + url + " (" + e.getMessage() + "): set"
                    + " GPG_KEY_FILE=/path/to/key to use a copy.", e);
        }
    }
}
