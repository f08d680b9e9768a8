package io.rootfs.nativedeb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The byte reader of Packages files gives what the line reader gives (FIXTURE texts with deb822's corners). */
class ControlParagraphsTest {
    private static final Set<String> KEEP = Set.of("Package", "Depends", "Version", "Long");

    private static List<Map<String, String>> lines(String text) {
        List<Map<String, String>> all = new ArrayList<>();
        ControlParagraphs.read(new BufferedReader(new StringReader(text)), KEEP, p -> all.add(new LinkedHashMap<>(p)));
        return all;
    }

    private static List<Map<String, String>> bytes(String text) throws Exception {
        List<Map<String, String>> all = new ArrayList<>();
        ControlParagraphs.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), KEEP,
                p -> all.add(new LinkedHashMap<>(p)));
        return all;
    }

    @Test
    void bothReadersAgree() throws Exception {
        String text = "Package: a\r\nVersion: 1\r\nDepends: b,\r\n c\r\nDescription: x\r\n more\r\n .\r\n\r\n"
                + "# a comment\nPackage: b\nDepends: c (>= 1),\n d | e\nSkipped: \u00e9t\u00e9\n \t \n"
                + "Package: g\nDepends: x\nDepends: y,\n z\n\n" // given twice: the last
                + "Package: h\nLong: first\n" + " line\n".repeat(700) + "\n" // as InRelease's SHA256 field
                + "Package: f\nLong: " + "y".repeat(200_000) + "\nVersion: 2"; // no newline at the end
        assertThat(bytes(text)).isEqualTo(lines(text)).hasSize(5);
        assertThat(lines(text).get(2)).containsEntry("Depends", "y,\nz");
        assertThat(lines(text).get(3).get("Long")).startsWith("first\nline\n").hasSize(5 + 700 * 5);
        assertThat(bytes(text).get(0)).containsEntry("Depends", "b,\nc");
        assertThat(bytes(text).get(1)).containsEntry("Depends", "c (>= 1),\nd | e").doesNotContainKey("Skipped");
        assertThat(bytes(text).get(4).get("Long")).hasSize(200_000);
    }

    @Test
    void badLinesAreRefusedByNumberByBoth() {
        String text = "Package: a\n\n continuation without a field\n";
        assertThatThrownBy(() -> bytes(text)).hasMessage("line 3: a continuation line with no field above it");
        assertThatThrownBy(() -> lines(text)).hasMessage("line 3: a continuation line with no field above it");
        assertThatThrownBy(() -> bytes("Package: a\nno colon here\n")).hasMessage("line 2: no 'Field: value' (no colon here)");
    }
}
