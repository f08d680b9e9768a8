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
    private final Map<DebPackage, Located> located = new java.util.IdentityHashMap<>();

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

    /** An entry and where it lies in its Packages file (bytes {@code start} to {@code end}). */
    record Located(DebPackage pkg, String file, long start, long end) {
    }

    /**
     * The entries of (part of) a Packages file of {@code architecture} (and {@code all}), in file
     * order, each with its place in the file.
     *
     * @param file   the file's name in the repository, recorded with each entry
     * @param offset where the part starts in the file
     */
    static List<Located> parse(java.nio.ByteBuffer part, long offset, String architecture, String file) {
        List<Located> out = new ArrayList<>();
        try {
            ControlParagraphs.read(new ByteBufferInput(part), DebPackage.FIELDS, (fields, start, end) -> {
                String arch = fields.get("Architecture");
                if (architecture.equals(arch) || "all".equals(arch)) {
                    out.add(new Located(DebPackage.of(fields), file, offset + start, offset + end));
                }
            });
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Adds entries read from a file, remembering where each lies. */
    void addLocated(List<Located> entries) {
        for (Located l : entries) {
            add(l.pkg());
            located.put(l.pkg(), l);
        }
    }

    /** Where an entry of this index lies in its Packages file, when it was read from one. */
    Optional<Located> located(DebPackage p) {
        return Optional.ofNullable(located.get(p));
    }

    /** The offset of the first entry starting at or after {@code from} (just after a blank line), else the end. */
    static int entryBoundary(java.nio.ByteBuffer file, int from) {
        for (int i = Math.max(1, from); i < file.limit(); i++) {
            if (file.get(i) == '\n' && file.get(i - 1) == '\n') {
                return i + 1;
            }
        }
        return file.limit();
    }

    /** A byte buffer read as a stream (bulk reads, no copy of the whole). */
    private static final class ByteBufferInput extends java.io.InputStream {
        private final java.nio.ByteBuffer buffer;

        ByteBufferInput(java.nio.ByteBuffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public int read() {
            return buffer.hasRemaining() ? buffer.get() & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (!buffer.hasRemaining()) {
                return -1;
            }
            int n = Math.min(len, buffer.remaining());
            buffer.get(b, off, n);
            return n;
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
