package io.rootfs.nativedeb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rootfs.core.RootfsException;
import io.rootfs.core.output.Digests;
import io.rootfs.testkit.FixtureKey;
import io.rootfs.testkit.RecordingLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ProxySelector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole native builds from a FIXTURE archive on disk: one essential package made here (a .deb
 * written by this test), its Packages index and a Release clear-signed by a FIXTURE key.
 */
class DebianTreeBuildTest {
    private static final String MARKER = "usr/share/fixture/marker";

    @Test
    void aWarmBuildUnpacksBeforeTheSignatureIsCheckedButWritesNothingElseUntilItIs(@TempDir Path tmp) throws Exception {
        Path release = signedArchive(tmp);
        Path lock = tmp.resolve("rootfs.lock");
        DebianTreeBuild.Result first = new DebianTreeBuild(settings(tmp, "first", lock), new RecordingLog()).run();
        assertThat(first.packages()).extracting(DebPackage::name).containsExactly("fixture-base");
        assertThat(tmp.resolve("first/" + MARKER)).hasContent("fixture\n");
        assertThat(tmp.resolve("first/var/lib/dpkg/status")).content().contains("Package: fixture-base\n");
        assertThat(tmp.resolve("first/etc/apt/sources.list")).exists();
        assertThat(lock).exists();

        // the same Release and index, now signed by a key the build does not trust: the next build reads
        // the set it resolved before from the kept index and unpacks it while the signature is checked
        try (FixtureKey other = FixtureKey.create(tmp.resolve("other"))) {
            other.clearSign(release, release.resolveSibling("InRelease"));
        }
        Files.delete(lock);
        assertThatThrownBy(() -> new DebianTreeBuild(settings(tmp, "second", lock), new RecordingLog()).run())
                .isInstanceOf(RootfsException.class).hasMessageContaining("(not a trusted key)");
        // the unpack went ahead (the warm path), but no database, no lock file: nothing that counts
        assertThat(tmp.resolve("second/" + MARKER)).exists();
        assertThat(tmp.resolve("second/var/lib/dpkg/status")).doesNotExist();
        assertThat(tmp.resolve("second/etc/apt/sources.list")).doesNotExist();
        assertThat(lock).doesNotExist();
    }

    @Test
    void aPackageOfZstdMembersIsUnpackedAsUbuntuShipsThem(@TempDir Path tmp) throws Exception {
        signedArchive(tmp);
        DebianTreeBuild.Result built = new DebianTreeBuild(settings(tmp, "tree", tmp.resolve("rootfs.lock"),
                List.of("fixture-zst")), new RecordingLog()).run();
        assertThat(built.packages()).extracting(DebPackage::name).containsExactlyInAnyOrder("fixture-base", "fixture-zst");
        assertThat(tmp.resolve("tree/usr/share/fixture/zst")).hasContent("zstd\n");
        assertThat(tmp.resolve("tree/var/lib/dpkg/info/fixture-zst.list")).content().contains("/usr/share/fixture/zst\n");
        assertThat(tmp.resolve("tree/var/lib/dpkg/status")).content().contains("Package: fixture-zst\n");
    }

    @Test
    void aPackageTheIndexLacksIsTheUsersToFixAndNamed(@TempDir Path tmp) throws Exception {
        signedArchive(tmp);
        assertThatThrownBy(() -> new DebianTreeBuild(settings(tmp, "tree", tmp.resolve("rootfs.lock"),
                List.of("fixture-zst", "nosuch")), new RecordingLog()).run())
                .isInstanceOfSatisfying(RootfsException.class, e -> assertThat(e.isUserError()).isTrue())
                .hasMessage("The packages cannot be installed from " + tmp.resolve("mirror").toUri() + " bookworm (amd64):"
                        + " Package nosuch (asked for) is not in the repository's index for amd64. Check the names asked"
                        + " for (rootfs.extraPackages, rootfs.packages, the distro's PACKAGES), the release"
                        + " (rootfs.osVersion) and rootfs.mirror.");
        assertThat(tmp.resolve("tree")).isEmptyDirectory();
    }

    /** The FIXTURE archive in tmp/mirror, its Release clear-signed by a FIXTURE key that tmp/keys trusts; returns the Release. */
    private static Path signedArchive(Path tmp) throws IOException {
        try (FixtureKey trusted = FixtureKey.create(tmp.resolve("trusted"))) {
            Path release = fixtureArchive(tmp.resolve("mirror"));
            trusted.clearSign(release, release.resolveSibling("InRelease"));
            Path keys = Files.createDirectories(tmp.resolve("keys"));
            Files.copy(trusted.publicKey(), keys.resolve("fixture.asc"));
            Files.writeString(keys.resolve("trusted.list"), trusted.fingerprint() + " fixture.asc\n");
            return release;
        }
    }

    private static DebianTreeBuild.Settings settings(Path tmp, String tree, Path lock) throws IOException {
        return settings(tmp, tree, lock, List.of());
    }

    private static DebianTreeBuild.Settings settings(Path tmp, String tree, Path lock, List<String> asked)
            throws IOException {
        Path cache = tmp.resolve("cache");
        return new DebianTreeBuild.Settings(tmp.resolve("mirror").toUri().toString(), "bookworm", "amd64",
                List.of("main"), asked, tmp.resolve("keys/trusted.list"), Files.createDirectories(tmp.resolve(tree)),
                "root".equals(System.getProperty("user.name")), cache.resolve("debs"), cache.resolve("decoded"), cache.resolve("index"),
                false,
                lock, false, ProxySelector.of(null), 0, Files.createDirectories(tmp.resolve(tree + "-work")), false);
    }

    /**
     * The archive with its packages, index and (unsigned) Release; returns the Release. Its packages: fixture-base,
     * essential, its members gzip-compressed; fixture-zst, optional, its members compressed with zstd (as Ubuntu's are).
     */
    private static Path fixtureArchive(Path mirror) throws IOException {
        String base = "Package: fixture-base\nVersion: 1.0-1\nArchitecture: all\nMaintainer: FIXTURE"
                + " <fixture@rootfs.invalid>\nInstalled-Size: 1\nEssential: yes\nPriority: required\nSection: admin\n"
                + "Description: FIXTURE essential package\n";
        String zst = "Package: fixture-zst\nVersion: 2.0-1\nArchitecture: all\nMaintainer: FIXTURE"
                + " <fixture@rootfs.invalid>\nInstalled-Size: 1\nPriority: optional\nSection: misc\n"
                + "Description: FIXTURE package compressed with zstd\n";
        Files.createDirectories(mirror.resolve("pool/main"));
        StringBuilder index = new StringBuilder();
        for (Map.Entry<String, byte[]> p : List.of(Map.entry(base, deb(base, Map.of("./" + MARKER, "fixture\n"), ".gz")),
                Map.entry(zst, deb(zst, Map.of("./usr/share/fixture/zst", "zstd\n"), ".zst")))) {
            String name = p.getKey().substring("Package: ".length(), p.getKey().indexOf('\n'));
            String file = "pool/main/" + name + "_1_all.deb";
            Files.write(mirror.resolve(file), p.getValue());
            index.append(p.getKey()).append("Filename: ").append(file).append("\nSize: ").append(p.getValue().length)
                    .append("\nSHA256: ").append(Digests.sha256(p.getValue())).append("\n\n");
        }
        byte[] packages = index.toString().getBytes(StandardCharsets.UTF_8);
        byte[] gz = gzip(packages);
        Path suite = Files.createDirectories(mirror.resolve("dists/bookworm/main/binary-amd64"));
        Files.write(suite.resolve("Packages"), packages);
        Files.write(suite.resolve("Packages.gz"), gz);
        String release = "Origin: FIXTURE\nSuite: stable\nCodename: bookworm\nDate: Mon, 01 Dec 2025 00:00:00 UTC\n"
                + "Valid-Until: Sat, 01 Jan 2050 00:00:00 UTC\nArchitectures: amd64\nComponents: main\nSHA256:\n"
                + " " + Digests.sha256(packages) + " " + packages.length + " main/binary-amd64/Packages\n"
                + " " + Digests.sha256(gz) + " " + gz.length + " main/binary-amd64/Packages.gz\n";
        Path file = mirror.resolve("dists/bookworm/Release");
        Files.writeString(file, release);
        return file;
    }

    /**
     * A .deb: ar of debian-binary, control.tar and data.tar compressed as {@code compression} (.gz or .zst) says (files
     * of mode 0644, their folders 0755).
     */
    private static byte[] deb(String control, Map<String, String> files, String compression) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArArchiveOutputStream ar = new ArArchiveOutputStream(out)) {
            member(ar, "debian-binary", "2.0\n".getBytes(StandardCharsets.US_ASCII));
            member(ar, "control.tar" + compression, compress(tar(Map.of("./control", control)), compression));
            member(ar, "data.tar" + compression, compress(tar(files), compression));
        }
        return out.toByteArray();
    }

    private static byte[] compress(byte[] bytes, String compression) throws IOException {
        if (compression.equals(".gz")) {
            return gzip(bytes);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (com.github.luben.zstd.ZstdOutputStream zst = new com.github.luben.zstd.ZstdOutputStream(out)) {
            zst.write(bytes);
        }
        return out.toByteArray();
    }

    private static void member(ArArchiveOutputStream ar, String name, byte[] bytes) throws IOException {
        ar.putArchiveEntry(new ArArchiveEntry(name, bytes.length, 0, 0, 0100644, 0));
        ar.write(bytes);
        ar.closeArchiveEntry();
    }

    private static byte[] tar(Map<String, String> files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            java.util.Set<String> folders = new java.util.TreeSet<>();
            for (String path : files.keySet()) {
                for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
                    folders.add(path.substring(0, slash + 1));
                }
            }
            for (String folder : folders) {
                TarArchiveEntry e = new TarArchiveEntry(folder);
                e.setMode(040755);
                tar.putArchiveEntry(e);
                tar.closeArchiveEntry();
            }
            for (Map.Entry<String, String> f : new java.util.TreeMap<>(files).entrySet()) {
                byte[] bytes = f.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry(f.getKey());
                e.setMode(0100644);
                e.setSize(bytes.length);
                tar.putArchiveEntry(e);
                tar.write(bytes);
                tar.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }
}
