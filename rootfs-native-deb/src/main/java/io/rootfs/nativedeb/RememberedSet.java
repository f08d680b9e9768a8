package io.rootfs.nativedeb;

import io.rootfs.core.output.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The package set resolved from an index, remembered for the next build that asks the same of
 * the same index: where each chosen entry lies in the kept Packages files. A build whose
 * InRelease (its signature checked) still gives those files' hashes, and that asks for the same
 * packages with the same resolver, reads its set back from them — the files hashed again, then
 * only the chosen entries parsed — instead of reading the whole index (63,000 entries for
 * bookworm) and resolving again. What is remembered is only which entries: every field still
 * comes from the files the signature vouches for.
 */
final class RememberedSet {
    private static final String FORMAT = "rootfs remembered set 1";
    /** A remembered set's name: the SHA-256 of what it was resolved from. */
    static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[0-9a-f]{64}");
    /** The classes whose code decides the set: a change to any of them is another resolver. */
    private static final List<Class<?>> RESOLVER = List.of(Resolver.class, Relation.class, DebianVersion.class,
            PackageIndex.class, DebPackage.class);

    private final Path file;
    private final String suite;
    private final List<String> bases;

    /**
     * @param folder where remembered sets are kept (in the package cache)
     * @param bases  the Packages files read ({@code main/binary-amd64/Packages}), in order
     */
    RememberedSet(Path folder, ReleaseFile release, String suite, List<String> bases, List<String> asked) {
        this.suite = suite;
        this.bases = bases;
        StringBuilder key = new StringBuilder(FORMAT).append('\n').append(suite).append('\n');
        for (String base : bases) {
            key.append(base).append(' ').append(release.entry(base).map(ReleaseFile.Entry::sha256).orElse("none"))
                    .append('\n');
        }
        key.append(String.join(" ", asked)).append('\n').append(resolverCode());
        this.file = folder.resolve(Digests.sha256(key.toString()));
    }

    /** One remembered entry: where it lies, and what it must be. */
    private record Place(String base, long start, long end, String name, String version) {
    }

    /**
     * The set, read back from the kept files; empty when it was not remembered or cannot be read
     * back. Each kept file is read once, in one pass that hashes it and copies the remembered
     * entries as they go by: the entries are taken only when that pass's hash is InRelease's.
     */
    Optional<List<DebPackage>> read(DebRepository repository, ReleaseFile release) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > (1 << 20)) {
                return Optional.empty();
            }
            List<Place> places = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                // "BASE START END NAME VERSION"
                String[] f = line.split(" ");
                if (f.length != 5 || !bases.contains(f[0]) || !f[1].matches("\\d{1,12}") || !f[2].matches("\\d{1,12}")) {
                    return Optional.empty();
                }
                Place p = new Place(f[0], Long.parseLong(f[1]), Long.parseLong(f[2]), f[3], f[4]);
                if (p.end() <= p.start() || p.end() - p.start() > (1 << 20)) {
                    return Optional.empty();
                }
                places.add(p);
            }
            if (places.isEmpty()) {
                return Optional.empty();
            }
            Map<Place, byte[]> bytes = new HashMap<>();
            for (String base : bases) {
                Optional<ReleaseFile.Entry> expected = release.entry(base);
                Optional<Path> kept = repository.keptPackagesFile(suite, base);
                if (expected.isEmpty() || kept.isEmpty() || !readVerified(kept.get(), expected.get(),
                        places.stream().filter(p -> p.base().equals(base)).toList(), bytes)) {
                    return Optional.empty();
                }
            }
            List<DebPackage> set = new ArrayList<>();
            for (Place p : places) {
                List<DebPackage> read = new ArrayList<>();
                try (InputStream in = new java.io.ByteArrayInputStream(bytes.get(p))) {
                    ControlParagraphs.read(in, DebPackage.FIELDS, fields -> read.add(DebPackage.of(fields)));
                }
                if (read.size() != 1 || !read.get(0).name().equals(p.name()) || !read.get(0).version().toString()
                        .equals(p.version())) {
                    return Optional.empty();
                }
                set.add(read.get(0));
            }
            CachePruning.used(file);
            return Optional.of(set);
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // damaged or from another time: resolved again
        }
    }

    /** Reads {@code file} once: hashed whole, the places' bytes copied out; true when size and hash are InRelease's. */
    private static boolean readVerified(Path file, ReleaseFile.Entry expected, List<Place> places, Map<Place, byte[]> out)
            throws IOException {
        java.security.MessageDigest sha256 = io.rootfs.core.output.Digests.sha256();
        Map<Place, byte[]> copied = new HashMap<>();
        places.forEach(p -> copied.put(p, new byte[(int) (p.end() - p.start())]));
        long at = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 20];
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (at + n > expected.size()) {
                    return false;
                }
                sha256.update(buffer, 0, n);
                for (Place p : places) {
                    long from = Math.max(p.start(), at);
                    long to = Math.min(p.end(), at + n);
                    if (from < to) {
                        System.arraycopy(buffer, (int) (from - at), copied.get(p), (int) (from - p.start()), (int) (to - from));
                    }
                }
                at += n;
            }
        }
        if (at != expected.size() || !java.util.HexFormat.of().formatHex(sha256.digest()).equals(expected.sha256())) {
            return false;
        }
        out.putAll(copied);
        return true;
    }

    /** Remembers {@code set} when each of its entries was read from a kept file. */
    void write(List<DebPackage> set, PackageIndex index) {
        StringBuilder text = new StringBuilder();
        for (DebPackage p : set) {
            Optional<PackageIndex.Located> at = index.located(p);
            if (at.isEmpty()) {
                return;
            }
            text.append(at.get().file()).append(' ').append(at.get().start()).append(' ').append(at.get().end())
                    .append(' ').append(p.name()).append(' ').append(p.version()).append('\n');
        }
        try {
            Files.createDirectories(file.getParent());
            CacheFiles.replace(file, ".set", tmp -> Files.writeString(tmp, text.toString(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            // only a shortcut for the next build: it resolves again
        }
    }

    /** The SHA-256 of the resolver's class files: the set is remembered for this code only. */
    private static String resolverCode() {
        StringBuilder code = new StringBuilder();
        for (Class<?> c : RESOLVER) {
            try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
                code.append(in == null ? "?" : Digests.sha256(in.readAllBytes())).append('\n');
            } catch (IOException e) {
                code.append("?\n");
            }
        }
        return code.toString();
    }
}
