package io.rootfs.nativedeb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A FIXTURE Packages file read the way the native backend reads one: summed up, each entry read whole when asked for. */
class PackageIndexTest {
    private static String entry(String name, String version, String extra, String sha256) {
        return "Package: " + name + "\nVersion: " + version + "\nArchitecture: amd64\n" + extra + "Filename: pool/" + name
                + ".deb\nSize: 10\nSHA256: " + sha256 + "\nDescription: " + name + "\n long text\n\n";
    }

    @Test
    void entriesAreReadWholeWhenAskedForAndAMalformedOneFailsOnlyThen() {
        String good = "a".repeat(64);
        String text = entry("base", "1.0-1", "Essential: yes\nPriority: required\n", good)
                + entry("broken", "2.0", "Provides: mail-transport-agent (= 1)\n", "not-a-hash")
                + entry("other", "1:0.5", "Priority: optional\nProvides: awk\n", good)
                + "Package: armonly\nVersion: 1\nArchitecture: arm64\nFilename: x\nSize: 1\nSHA256: " + good + "\n\n";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int split = PackageIndex.entryBoundary(ByteBuffer.wrap(bytes), bytes.length / 2);
        PackageIndex index = new PackageIndex("amd64");
        ByteBuffer all = ByteBuffer.wrap(bytes);
        index.addPart(PackageIndex.parse(all.slice(0, split), 0, "amd64", "main/binary-amd64/Packages"));
        index.addPart(PackageIndex.parse(all.slice(split, bytes.length - split), split, "amd64",
                "main/binary-amd64/Packages"));

        assertThat(index.size()).isEqualTo(3);
        assertThat(index.essential()).extracting(DebPackage::name).containsExactly("base");
        assertThat(index.withPriority("required")).extracting(DebPackage::name).containsExactly("base");
        DebPackage other = index.providers("awk").get(0).pkg();
        assertThat(other.version().toString()).isEqualTo("1:0.5");
        assertThat(other.sha256()).isEqualTo(good);
        // where the entry lies: its bytes, read again, are the entry
        PackageIndex.Located at = index.located(other).orElseThrow();
        assertThat(new String(bytes, (int) at.start(), (int) (at.end() - at.start()), StandardCharsets.UTF_8))
                .startsWith("Package: other\n").endsWith(" long text\n");
        assertThat(index.candidate("armonly")).isEmpty();
        // the malformed entry is summed up like the others, and refused when it is asked for
        assertThat(index.providers("mail-transport-agent").get(0).version().toString()).isEqualTo("1");
        assertThatThrownBy(() -> index.candidate("broken")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("main/binary-amd64/Packages").hasMessageContaining("SHA256 is not a SHA-256");
    }

    @Test
    void anEntryWithoutItsNameOrVersionIsRefusedWhenTheFileIsRead() {
        byte[] bytes = "Package: x\nArchitecture: all\n\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> PackageIndex.parse(ByteBuffer.wrap(bytes), 0, "amd64", "Packages"))
                .hasMessageContaining("Packages: the entry at byte 0 lacks its Version field");
    }
}
