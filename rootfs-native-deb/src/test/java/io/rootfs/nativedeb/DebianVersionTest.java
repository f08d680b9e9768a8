package io.rootfs.nativedeb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class DebianVersionTest {

    private static int cmp(String a, String b) {
        return Integer.signum(DebianVersion.parse(a).compareTo(DebianVersion.parse(b)));
    }

    @Test
    void tildeSortsBeforeEverythingEvenTheEnd() {
        assertThat(cmp("1.0~rc1", "1.0")).isNegative();
        assertThat(cmp("1.0~~", "1.0~")).isNegative();
        assertThat(cmp("1.0~~a", "1.0~~")).isPositive();
        assertThat(cmp("1.0~", "1.0")).isNegative();
        assertThat(cmp("2.36-9+deb12u4", "2.36-9+deb12u4~bpo1")).isPositive();
    }

    @Test
    void lettersSortBeforeOtherCharacters() {
        assertThat(cmp("1.0a", "1.0+")).isNegative();
        assertThat(cmp("1.0a", "1.0.")).isNegative();
        assertThat(cmp("1.0+", "1.0.")).isNegative(); // '+' (43) before '.' (46), both after letters
        assertThat(cmp("1.0", "1.0a")).isNegative(); // the end before a letter
        assertThat(cmp("1.0Z", "1.0a")).isNegative(); // ASCII order among letters
    }

    @Test
    void digitsCompareAsNumbersLeadingZerosIgnored() {
        assertThat(cmp("1.10", "1.9")).isPositive();
        assertThat(cmp("1.010", "1.10")).isZero();
        assertThat(cmp("1.0", "1.00")).isZero();
        assertThat(cmp("252.38", "252.4")).isPositive();
        assertThat(cmp("99999999999999999999", "100000000000000000000")).isNegative(); // longer than a long
    }

    @Test
    void epochWinsOverEverything() {
        assertThat(cmp("1:0.1", "9.9")).isPositive();
        assertThat(cmp("0:1.0", "1.0")).isZero();
        assertThat(cmp("2:1.0", "10:0.1")).isNegative();
    }

    @Test
    void revisionComparedAfterUpstreamAndMissingEqualsZero() {
        assertThat(cmp("1.0-1", "1.0-2")).isNegative();
        assertThat(cmp("1.0-10", "1.0-9")).isPositive();
        assertThat(cmp("1.0", "1.0-0")).isZero();
        assertThat(cmp("1.0-1", "1.0")).isPositive();
        // the last hyphen splits: upstream may hold hyphens
        assertThat(cmp("1.2-3-4", "1.2-3-5")).isNegative();
        assertThat(cmp("1.2-3-4", "1.2-4")).isPositive(); // upstream 1.2-3 against 1.2
    }

    @Test
    void realArchiveVersionsInOrder() {
        List<String> ordered = List.of("1:2.38.1-5", "1:2.38.1-5+b1", "1:2.38.1-5+deb12u1", "1:2.38.1-5+deb12u3",
                "1:2.39~rc1-1", "1:2.39-1");
        List<DebianVersion> shuffled = new ArrayList<>(ordered.stream().map(DebianVersion::parse).toList());
        Collections.shuffle(shuffled, new java.util.Random(7));
        Collections.sort(shuffled);
        assertThat(shuffled).extracting(DebianVersion::toString).containsExactlyElementsOf(ordered);
    }

    @Test
    void refusesWhatIsNoVersion() {
        assertThatThrownBy(() -> DebianVersion.parse("a:1.0")).hasMessageContaining("bad epoch");
        assertThatThrownBy(() -> DebianVersion.parse("1.0 beta")).hasMessageContaining("Not a Debian version");
        assertThatThrownBy(() -> DebianVersion.parse("1.0-")).hasMessageContaining("Not a Debian version");
        assertThatThrownBy(() -> DebianVersion.parse("")).hasMessageContaining("Not a Debian version");
    }
}
