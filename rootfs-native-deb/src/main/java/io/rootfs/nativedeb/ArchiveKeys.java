package io.rootfs.nativedeb;

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
 */
final class ArchiveKeys {
    /** The variables of config.sh (or {@code <environment>}) that name a key. */
    static final List<String> VARIABLES = List.of("GPG_KEY_FILE", "GPG_KEY_URL", "GPG_KEY_FINGERPRINT");
    private static final long MAX_KEY = 1 << 20;

    private ArchiveKeys() {
    }

    /** A list file ({@code FINGERPRINT FILE} lines) naming the keys to trust, written in {@code runDir} when needed. */
    static Path trustedList(Path distroFolder, BuildReport report, Path runDir, ProxySelector proxies) {
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
                return carried;
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
            if (shipped != null && Files.isRegularFile(shipped)) {
                Files.copy(shipped, key, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } else {
                fetch(report.get("GPG_KEY_URL"), key, proxies, file);
            }
            Path list = keys.resolve("trusted");
            Files.writeString(list, fingerprint + " " + key.getFileName() + "\n");
            return list;
        } catch (IOException e) {
            throw RootfsException.environment("Cannot prepare the archive key: " + e.getMessage(), e);
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
