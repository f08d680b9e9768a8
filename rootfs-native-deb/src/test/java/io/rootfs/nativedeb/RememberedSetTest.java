package io.rootfs.nativedeb;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootfs.core.output.Digests;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A set remembered as places in the kept Packages file, read back only while the signed index vouches for it. */
class RememberedSetTest {
    private static final String MIRROR = "http://mirror.invalid/debian";
    private static final String BASE = "main/binary-amd64/Packages";
    // FIXTURE index: three entries, one of another architecture
    private static final String PACKAGES = """
            Package: alpha
            Version: 1.0-1
            Architecture: amd64
            Priority: required
            Filename: pool/main/a/alpha/alpha_1.0-1_amd64.deb
            Size: 100
            SHA256: %1$s
            Description: first
             with a second line

            Package: beta
            Version: 2:3.1
            Architecture: arm64
            Filename: pool/main/b/beta/beta_3.1_arm64.deb
            Size: 200
            SHA256: %1$s

            Package: gamma
            Version: 0.9
            Architecture: all
            Depends: alpha (>= 1.0)
            Filename: pool/main/g/gamma/gamma_0.9_all.deb
            Size: 300
            SHA256: %1$s
            """.formatted("ab".repeat(32));

    @Test
    void theChosenEntriesComeBackFromTheKeptFileWhileItsHashIsStillInReleases(@TempDir Path tmp) throws Exception {
        Path folder = tmp.resolve("index");
        new KeptIndex(folder, MIRROR).keep("dists/bookworm/" + BASE, PACKAGES.getBytes(StandardCharsets.UTF_8));
        ReleaseFile release = release(PACKAGES);
        DebRepository repository = new DebRepository(MIRROR, null, Clock.systemUTC()).keptIn(folder, MIRROR, true);
        PackageIndex index = repository.packages("bookworm", release, List.of("main"), "amd64");
        List<DebPackage> set = List.of(index.candidate("gamma").orElseThrow(), index.candidate("alpha").orElseThrow());
        Path sets = tmp.resolve("resolved-sets");
        new RememberedSet(sets, release, "bookworm", List.of(BASE), List.of("gamma")).write(set, index);

        // the same index, the same request: the same entries, every field from the kept file
        Path remembered;
        try (var files = Files.list(sets)) {
            remembered = files.filter(f -> RememberedSet.NAME.matcher(f.getFileName().toString()).matches())
                    .findFirst().orElseThrow();
        }
        Files.setLastModifiedTime(remembered, java.nio.file.attribute.FileTime.fromMillis(0));
        assertThat(new RememberedSet(sets, release, "bookworm", List.of(BASE), List.of("gamma")).read(repository, release))
                .contains(set);
        // and the set is marked used, so a build pruning the cache keeps it
        assertThat(Files.getLastModifiedTime(remembered).toMillis()).isGreaterThan(0);
        // another request is another set
        assertThat(new RememberedSet(sets, release, "bookworm", List.of(BASE), List.of("alpha")).read(repository, release))
                .isEmpty();
        // the kept file changed (same size, so only its hash tells): not read back
        Path kept = new KeptIndex(folder, MIRROR).kept("dists/bookworm/" + BASE).orElseThrow();
        Files.writeString(kept, PACKAGES.replace("Version: 0.9", "Version: 0.8"));
        assertThat(new RememberedSet(sets, release, "bookworm", List.of(BASE), List.of("gamma")).read(repository, release))
                .isEmpty();
        // a new index (another InRelease) is another key: nothing remembered for it
        ReleaseFile newer = release(PACKAGES.replace("Version: 0.9", "Version: 0.8"));
        assertThat(new RememberedSet(sets, newer, "bookworm", List.of(BASE), List.of("gamma")).read(repository, newer))
                .isEmpty();
    }

    @Test
    void eachParagraphIsGivenWithItsPlaceInTheStream() throws Exception {
        byte[] bytes = PACKAGES.getBytes(StandardCharsets.UTF_8);
        List<long[]> places = new java.util.ArrayList<>();
        ControlParagraphs.read(new java.io.ByteArrayInputStream(bytes), DebPackage.FIELDS,
                (fields, start, end) -> places.add(new long[] {start, end}));
        assertThat(places).hasSize(3);
        for (long[] p : places) {
            String paragraph = new String(bytes, (int) p[0], (int) (p[1] - p[0]), StandardCharsets.UTF_8);
            assertThat(paragraph).startsWith("Package: ").endsWith("\n").doesNotContain("\n\n");
        }
    }

    private static ReleaseFile release(String packages) {
        byte[] bytes = packages.getBytes(StandardCharsets.UTF_8);
        return ReleaseFile.parse("Suite: stable\nCodename: bookworm\nDate: Sat, 10 Jun 2023 08:00:00 UTC\nSHA256:\n "
                + Digests.sha256(bytes) + " " + bytes.length + " " + BASE + "\n");
    }
}
