package io.rootfs.nativedeb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kept index: apt's file names, kept per mirror, replaced whole. */
class KeptIndexTest {

    @Test
    void filesAreNamedAsAptNamesItsLists() {
        KeptIndex kept = new KeptIndex(Path.of("/cache/index"), "http://mirror.invalid/debian");
        assertThat(kept.aptName("dists/bookworm/main/binary-amd64/Packages"))
                .isEqualTo("mirror.invalid_debian_dists_bookworm_main_binary-amd64_Packages");
        assertThat(new KeptIndex(Path.of("/c"), "http://user:secret@mirror.invalid:8080/my_debian/").aptName(
                "dists/bookworm/InRelease")).isEqualTo("mirror.invalid:8080_my%5fdebian_dists_bookworm_InRelease");
    }

    @Test
    void anotherMirrorsIndexIsNotServedAndIsReplacedWhole(@TempDir Path tmp) throws Exception {
        Path folder = tmp.resolve("index");
        KeptIndex a = new KeptIndex(folder, "http://a.invalid/debian");
        a.keep("dists/bookworm/InRelease", "signed by a".getBytes(StandardCharsets.UTF_8));
        assertThat(a.kept("dists/bookworm/InRelease")).get().extracting(p -> {
            try {
                return Files.readString(p);
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }).isEqualTo("signed by a");
        assertThat(tmp.resolve("index.mirror")).hasContent("http://a.invalid/debian");
        KeptIndex b = new KeptIndex(folder, "http://b.invalid/debian");
        assertThat(b.kept("dists/bookworm/InRelease")).isEmpty();
        b.keep("dists/bookworm/InRelease", "signed by b".getBytes(StandardCharsets.UTF_8));
        assertThat(tmp.resolve("index.mirror")).hasContent("http://b.invalid/debian");
        assertThat(a.kept("dists/bookworm/InRelease")).isEmpty();
        try (var left = Files.list(folder)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }
}
