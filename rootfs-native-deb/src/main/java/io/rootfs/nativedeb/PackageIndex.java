package io.rootfs.nativedeb;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The packages of one architecture (and {@code all}) a repository offers, by name, with who
 * provides which virtual package. Where a name has several versions (two components, two
 * suites), the highest is the candidate, as apt picks it when nothing is pinned.
 */
public final class PackageIndex {
    private final String architecture;
    private final Map<String, List<DebPackage>> byName = new HashMap<>();
    private final Map<String, List<Provider>> providers = new HashMap<>();

    /** A package that provides a virtual name, at a version when the Provides entry gives one. */
    public record Provider(DebPackage pkg, DebianVersion version) {
    }

    public PackageIndex(String architecture) {
        this.architecture = architecture;
    }

    /**
     * Adds the entries of one Packages file, read from its bytes (only the fields an entry is read
     * with become strings); entries of other architectures are skipped.
     *
     * @param source names the file in errors
     */
    public void add(java.io.InputStream packagesFile, String source) throws java.io.IOException {
        try {
            ControlParagraphs.read(packagesFile, DebPackage.FIELDS, fields -> {
                String arch = fields.get("Architecture");
                if (architecture.equals(arch) || "all".equals(arch)) {
                    add(DebPackage.of(fields));
                }
            });
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    /** Every entry of {@code other} (another component's index). */
    void addAll(PackageIndex other) {
        other.byName.values().forEach(list -> list.forEach(this::add));
    }

    void add(DebPackage p) {
        byName.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(p);
        if (p.provides() != null) {
            for (Relation r : p.providing()) {
                providers.computeIfAbsent(r.name(), k -> new ArrayList<>()).add(new Provider(p, r.version()));
            }
        }
    }

    /** The version apt would install of this name: the highest. */
    public Optional<DebPackage> candidate(String name) {
        return byName.getOrDefault(name, List.of()).stream().max(Comparator.comparing(DebPackage::version));
    }

    /** Every version of {@code name} the index holds. */
    public List<DebPackage> all(String name) {
        return byName.getOrDefault(name, List.of());
    }

    /** The packages that provide {@code name}, in index order. */
    public List<Provider> providers(String name) {
        return providers.getOrDefault(name, List.of());
    }

    /** Every candidate, one per name. */
    public List<DebPackage> candidates() {
        return byName.keySet().stream().map(n -> candidate(n).orElseThrow()).toList();
    }

    public String architecture() {
        return architecture;
    }

    public int size() {
        return byName.values().stream().mapToInt(List::size).sum();
    }
}
