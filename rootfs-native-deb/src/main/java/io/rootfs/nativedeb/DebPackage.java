package io.rootfs.nativedeb;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One entry of a repository's Packages index: what resolution needs and what fetching checks.
 * Relationship fields are kept as written and parsed when asked for (an index holds 63,000
 * entries; a guest needs about 135 of them).
 *
 * @param filename the path of the .deb under the mirror, as the index gives it
 * @param sha256   its SHA-256, which the download is checked against
 * @param installedKiB its Installed-Size (KiB), which sizes what is decoded ahead
 */
public record DebPackage(String name, DebianVersion version, String architecture, boolean essential, String priority,
        String multiArch, String preDepends, String depends, String provides, String conflicts, String breaks,
        String filename, String sha256, long size, long installedKiB) {

    /** The fields an index entry is read with. */
    static final Set<String> FIELDS = Set.of("Package", "Version", "Architecture", "Essential", "Priority",
            "Multi-Arch", "Pre-Depends", "Depends", "Provides", "Conflicts", "Breaks", "Filename", "SHA256", "Size",
            "Installed-Size");
    /** Compiled once: every one of an index's 63,000 entries is checked. */
    private static final java.util.regex.Pattern SHA256 = java.util.regex.Pattern.compile("[0-9a-f]{64}");

    /**
     * @throws IllegalArgumentException when a field the index must have is missing or malformed
     */
    static DebPackage of(Map<String, String> f) {
        String name = f.get("Package");
        for (String required : List.of("Package", "Version", "Architecture", "Filename", "SHA256", "Size")) {
            if (f.get(required) == null || f.get(required).isBlank()) {
                throw new IllegalArgumentException("index entry " + (name == null ? "(no Package field)" : name)
                        + " lacks its " + required + " field");
            }
        }
        if (!SHA256.matcher(f.get("SHA256")).matches()) {
            throw new IllegalArgumentException("index entry " + name + ": SHA256 is not a SHA-256");
        }
        return new DebPackage(name, DebianVersion.parse(f.get("Version")), f.get("Architecture"),
                "yes".equalsIgnoreCase(f.get("Essential")), f.getOrDefault("Priority", "optional"), f.get("Multi-Arch"),
                f.get("Pre-Depends"), f.get("Depends"), f.get("Provides"), f.get("Conflicts"), f.get("Breaks"),
                f.get("Filename"), f.get("SHA256"), Long.parseLong(f.get("Size")),
                installedKiB(f.get("Installed-Size")));
    }

    /** Installed-Size (KiB), 0 when the entry has none or no number: it only sizes what is decoded ahead. */
    private static long installedKiB(String value) {
        String v = value == null ? "" : value.strip();
        return v.isEmpty() || v.length() > 12 || !v.chars().allMatch(c -> c >= '0' && c <= '9') ? 0 : Long.parseLong(v);
    }

    /** Pre-Depends, then Depends: what must be there before this package can be set up. */
    public List<List<Relation>> dependencies() {
        List<List<Relation>> all = new java.util.ArrayList<>(Relation.parseField(preDepends));
        all.addAll(Relation.parseField(depends));
        return all;
    }

    /** The virtual packages this package provides. */
    public List<Relation> providing() {
        return providing(provides);
    }

    /** The virtual packages a Provides field gives (none when it is null). */
    static List<Relation> providing(String provides) {
        return Relation.parseField(provides).stream().map(g -> g.get(0)).toList();
    }

    /** Conflicts and Breaks: what may not be installed beside this package. */
    public List<Relation> excluding() {
        List<Relation> all = new java.util.ArrayList<>();
        Relation.parseField(conflicts).forEach(all::addAll);
        Relation.parseField(breaks).forEach(all::addAll);
        return all;
    }

    @Override
    public String toString() {
        return name + " " + version + " (" + architecture + ")";
    }
}
