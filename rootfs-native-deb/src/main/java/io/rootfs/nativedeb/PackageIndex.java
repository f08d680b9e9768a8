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
 *
 * <p>An index read from a Packages file keeps of each entry only what finding a package needs
 * (name, version, Essential, Priority, Provides) and where the entry lies in the file; the whole
 * entry is read from the file's bytes when a package is asked for. A guest needs about 130 of
 * bookworm's 63,000 entries: reading only those makes a fraction of the work and of the garbage.
 */
public final class PackageIndex {
    private final String architecture;
    private final Map<String, List<Entry>> byName = new HashMap<>();
    private final Map<String, List<Provided>> providers = new HashMap<>();
    private final Map<DebPackage, Located> located;
    private int size;

    /** A package that provides a virtual name, at a version when the Provides entry gives one. */
    public static final class Provider {
        private final Entry entry;
        private final DebianVersion version;

        private Provider(Entry entry, DebianVersion version) {
            this.entry = entry;
            this.version = version;
        }

        public DebPackage pkg() {
            return entry.pkg();
        }

        /** The provided version, null when the Provides entry gives none. */
        public DebianVersion version() {
            return version;
        }
    }

    /** A Provides relation of an entry, its version parsed when a provider is asked for. */
    private record Provided(Entry entry, Relation relation) {
    }

    /** The fields an index entry is summed up by until it is asked for. */
    static final java.util.Set<String> SUMMARY = java.util.Set.of("Package", "Version", "Architecture", "Essential",
            "Priority", "Provides");

    /**
     * One entry: either a package read whole, or a summary and the bytes the whole entry is read
     * from when it is asked for (once).
     */
    private final class Entry {
        private final String name;
        private final String versionText;
        private final boolean essential;
        private final String priority;
        private final java.nio.ByteBuffer source;
        private final String file;
        private final long start;
        private final long end;
        private final long offset;
        private DebianVersion version;
        private DebPackage pkg;

        Entry(DebPackage pkg) {
            this.name = pkg.name();
            this.versionText = pkg.version().toString();
            this.version = pkg.version();
            this.essential = pkg.essential();
            this.priority = pkg.priority();
            this.pkg = pkg;
            this.source = null;
            this.file = null;
            this.start = 0;
            this.end = 0;
            this.offset = 0;
        }

        Entry(Map<String, String> summary, java.nio.ByteBuffer source, String file, long offset, long start, long end) {
            this.name = summary.get("Package");
            this.versionText = summary.get("Version");
            this.essential = "yes".equalsIgnoreCase(summary.get("Essential"));
            String p = summary.getOrDefault("Priority", "optional");
            this.priority = p;
            this.source = source;
            this.file = file;
            this.offset = offset;
            this.start = start;
            this.end = end;
        }

        DebianVersion version() {
            if (version == null) {
                try {
                    version = DebianVersion.parse(versionText);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + ": the entry of " + name + " at byte " + start + ": "
                            + e.getMessage(), e);
                }
            }
            return version;
        }

        /** The whole entry, read from its bytes the first time. */
        DebPackage pkg() {
            if (pkg == null) {
                java.nio.ByteBuffer bytes = source.slice((int) (start - offset), (int) (end - start));
                List<DebPackage> read = new ArrayList<>(1);
                try {
                    ControlParagraphs.read(new ByteBufferInput(bytes), DebPackage.FIELDS, fields -> read.add(
                            DebPackage.of(fields)));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + ": the entry of " + name + " at byte " + start + ": "
                            + e.getMessage(), e);
                }
                if (read.size() != 1 || !read.get(0).name().equals(name)) {
                    throw new IllegalArgumentException(file + ": the entry of " + name + " at byte " + start
                            + " cannot be read again");
                }
                pkg = read.get(0);
                located.put(pkg, new Located(pkg, file, start, end));
            }
            return pkg;
        }
    }

    public PackageIndex(String architecture) {
        this(architecture, new java.util.IdentityHashMap<>());
    }

    private PackageIndex(String architecture, Map<DebPackage, Located> located) {
        this.architecture = architecture;
        this.located = located;
    }

    /**
     * An empty index of the same architecture to fill on another thread, whose entries are moved
     * into this one by {@link #addAll} (once the file they come from is checked).
     */
    PackageIndex staging() {
        return new PackageIndex(architecture, located);
    }

    /** Adds the entries of an index {@link #staging()} gave, after this index's own. */
    void addAll(PackageIndex staged) {
        if (staged.located != located) {
            throw new IllegalArgumentException("not an index this one staged");
        }
        if (size == 0) {
            byName.putAll(staged.byName); // the usual case, one Packages file: taken as it is
            providers.putAll(staged.providers);
            size = staged.size;
            return;
        }
        staged.byName.forEach((name, entries) -> byName.computeIfAbsent(name, k -> new ArrayList<>(entries.size()))
                .addAll(entries));
        staged.providers.forEach((name, entries) -> providers.computeIfAbsent(name, k -> new ArrayList<>(entries.size()))
                .addAll(entries));
        size += staged.size;
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

    /** An entry's summary fields and where it lies in the file. */
    private record Summary(Map<String, String> fields, long start, long end) {
    }

    /** The summaries of (part of) a Packages file, in file order, each with where its entry lies; see {@link #parse}. */
    static final class Part {
        private final java.nio.ByteBuffer bytes;
        private final long offset;
        private final String file;
        private final List<Summary> summaries = new ArrayList<>();

        private Part(java.nio.ByteBuffer bytes, long offset, String file) {
            this.bytes = bytes;
            this.offset = offset;
            this.file = file;
        }
    }

    /**
     * Sums up the entries of (part of) a Packages file of {@code architecture} (and {@code all}), in
     * file order, each with its place in the file; {@link #addPart} adds them.
     *
     * @param file   the file's name in the repository, recorded with each entry
     * @param offset where the part starts in the file
     * @throws IllegalArgumentException when an entry lacks its name or version
     */
    static Part parse(java.nio.ByteBuffer part, long offset, String architecture, String file) {
        Part out = new Part(part, offset, file);
        try {
            ControlParagraphs.read(new ByteBufferInput(part.duplicate()), SUMMARY, (fields, start, end) -> {
                String arch = fields.get("Architecture");
                if (architecture.equals(arch) || "all".equals(arch)) {
                    if (fields.get("Package") == null || fields.get("Version") == null) {
                        throw new IllegalArgumentException("the entry at byte " + (offset + start) + " lacks its "
                                + (fields.get("Package") == null ? "Package" : "Version") + " field");
                    }
                    out.summaries.add(new Summary(fields, offset + start, offset + end));
                }
            });
        } catch (IllegalArgumentException | java.io.IOException e) {
            // a line number counts from where the part starts
            String where = offset > 0 && String.valueOf(e.getMessage()).startsWith("line ") ? "counting from byte " + offset
                    + ", " : "";
            throw new IllegalArgumentException(file + ": " + where + e.getMessage(), e);
        }
        return out;
    }

    /** Adds the entries a {@link #parse} summed up; each is read whole when it is asked for. */
    void addPart(Part part) {
        for (Summary s : part.summaries) {
            add(new Entry(s.fields(), part.bytes, part.file, part.offset, s.start(), s.end()), s.fields().get("Provides"));
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

    void add(DebPackage p) {
        add(new Entry(p), p.provides());
    }

    private void add(Entry e, String provides) {
        byName.computeIfAbsent(e.name, k -> new ArrayList<>(1)).add(e);
        size++;
        for (Relation r : DebPackage.providing(provides)) {
            providers.computeIfAbsent(r.name(), k -> new ArrayList<>()).add(new Provided(e, r));
        }
    }

    /** The version apt would install of this name: the highest. */
    public Optional<DebPackage> candidate(String name) {
        return candidateEntry(name).map(Entry::pkg);
    }

    private Optional<Entry> candidateEntry(String name) {
        List<Entry> all = byName.getOrDefault(name, List.of());
        return all.size() == 1 ? Optional.of(all.get(0)) : all.stream().max(Comparator.comparing(Entry::version));
    }

    /** Every version of {@code name} the index holds. */
    public List<DebPackage> all(String name) {
        return byName.getOrDefault(name, List.of()).stream().map(Entry::pkg).toList();
    }

    /** The packages that provide {@code name}, in index order. */
    public List<Provider> providers(String name) {
        return providers.getOrDefault(name, List.of()).stream().map(p -> new Provider(p.entry(), p.relation().version()))
                .toList();
    }

    /** The candidate of every name that is Essential. */
    public List<DebPackage> essential() {
        return candidatesWhere(e -> e.essential);
    }

    /** The candidate of every name with this Priority. */
    public List<DebPackage> withPriority(String priority) {
        return candidatesWhere(e -> priority.equals(e.priority));
    }

    private List<DebPackage> candidatesWhere(java.util.function.Predicate<Entry> test) {
        List<DebPackage> out = new ArrayList<>();
        for (String name : byName.keySet()) {
            candidateEntry(name).filter(test).ifPresent(e -> out.add(e.pkg()));
        }
        return out;
    }

    public String architecture() {
        return architecture;
    }

    public int size() {
        return size;
    }
}
