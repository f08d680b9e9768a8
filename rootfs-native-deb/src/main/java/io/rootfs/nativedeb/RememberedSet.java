package io.rootfs.nativedeb;

import io.rootfs.core.output.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

    /** The set, read back from the kept files; empty when it was not remembered or cannot be read back. */
    Optional<List<DebPackage>> read(DebRepository repository, ReleaseFile release) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Map<String, FileChannel> channels = new HashMap<>();
        try {
            for (String base : bases) {
                Optional<Path> kept = repository.keptPackages(suite, base, release);
                if (kept.isEmpty()) {
                    return Optional.empty();
                }
                channels.put(base, FileChannel.open(kept.get()));
            }
            List<DebPackage> set = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                // "BASE START END NAME VERSION"
                String[] f = line.split(" ");
                FileChannel channel = channels.get(f[0]);
                long start = Long.parseLong(f[1]);
                long end = Long.parseLong(f[2]);
                if (f.length != 5 || channel == null || start < 0 || end <= start || end > channel.size()
                        || end - start > (1 << 20)) {
                    return Optional.empty();
                }
                ByteBuffer entry = ByteBuffer.allocate((int) (end - start));
                while (entry.hasRemaining() && channel.read(entry, start + entry.position()) > 0) {
                    // read the whole entry
                }
                List<DebPackage> read = new ArrayList<>();
                try (InputStream in = new java.io.ByteArrayInputStream(entry.array())) {
                    ControlParagraphs.read(in, DebPackage.FIELDS, fields -> read.add(DebPackage.of(fields)));
                }
                if (read.size() != 1 || !read.get(0).name().equals(f[3]) || !read.get(0).version().toString().equals(f[4])) {
                    return Optional.empty();
                }
                set.add(read.get(0));
            }
            return Optional.of(set);
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // damaged or from another time: resolved again
        } finally {
            for (FileChannel c : channels.values()) {
                try {
                    c.close();
                } catch (IOException e) {
                    // read only
                }
            }
        }
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
            Path tmp = Files.createTempFile(file.getParent(), ".set", ".tmp");
            try {
                Files.writeString(tmp, text.toString(), StandardCharsets.UTF_8);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
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
