package io.rootfs.core.check;

import io.rootfs.api.Arch;
import io.rootfs.core.RootfsException;
import io.rootfs.core.tree.GuestPath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Whether the guest can start a program as its own kernel would: the path resolves inside the
 * tree (through the guest's links), a script's interpreter is there, and an ELF program's dynamic
 * loader and every library it needs (and they need) are found where the guest's loader looks. A
 * tree whose {@code /lib -> usr/lib} link was replaced by a folder fails here, not at boot.
 */
public final class LoaderCheck {
    /** Where a loader looks without ld.so.conf: Debian's multiarch folders (built into its ld.so), then the classic ones. */
    private static final List<String> DEFAULT_DIRS = List.of("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
            "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/lib/powerpc64le-linux-gnu",
            "/usr/lib/powerpc64le-linux-gnu", "/lib/s390x-linux-gnu", "/usr/lib/s390x-linux-gnu", "/lib", "/usr/lib",
            "/lib64", "/usr/lib64", "/lib32", "/usr/lib32");

    private final GuestPath guest;
    private final Arch arch;
    private List<String> libraryDirs;

    /** @param arch the guest's architecture: a program for another is one the guest cannot start */
    public LoaderCheck(GuestPath guest, Arch arch) {
        this.guest = guest;
        this.arch = arch;
    }

    /** Fails with what is missing, naming the program, unless the guest can start {@code program}. */
    public void check(String program) {
        try {
            List<String> missing = missing(program, 0);
            if (!missing.isEmpty()) {
                throw RootfsException.input("The guest cannot start " + program + ": " + String.join("; ", missing)
                        + ". Something replaced a link the distro made (an overlay, kernel modules or an agent tarball"
                        + " holding lib/ or bin/ as a folder?) or left out a package; the guest would not boot.");
            }
        } catch (IOException e) {
            throw RootfsException.environment("Cannot read " + program + " in " + guest.root() + ": " + e.getMessage(), e);
        }
    }

    private List<String> missing(String program, int depth) throws IOException {
        Path file = guest.resolve(program);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return List.of(program + " leads to " + guestName(file) + ", which is not a file in the guest");
        }
        byte[] head = new byte[256];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (n > 2 && head[0] == '#' && head[1] == '!') {
            String line = new String(head, 2, n - 2, StandardCharsets.UTF_8).split("\n", 2)[0].trim();
            String interpreter = line.split("\\s+")[0];
            if (interpreter.isEmpty() || depth > 3) {
                return List.of(program + " is a script without a usable interpreter line");
            }
            List<String> problems = missing(interpreter, depth + 1);
            return problems.isEmpty() ? List.of() : List.of(program + " is a script for " + interpreter + ", and "
                    + String.join("; ", problems));
        }
        Optional<ElfFile> elf;
        try {
            elf = ElfFile.read(file);
        } catch (ElfFile.Corrupt e) {
            return List.of(program + " (" + guestName(file) + ") is a truncated or corrupt ELF file");
        }
        if (elf.isEmpty()) {
            return List.of(); // neither script nor ELF: the kernel decides (binfmt), nothing to check here
        }
        if (!elf.get().runsOn(arch)) {
            throw RootfsException.input("The guest cannot start " + program + (depth > 0 ? " (the interpreter of a script"
                    + " it starts)" : "") + ": it is " + elf.get().notFor(arch) + ". Give one built for " + arch
                    + " (an agent from a Kata release for " + arch + "?), or build for " + elf.get().target() + ".");
        }
        List<String> problems = new ArrayList<>();
        elf.get().interpreter().ifPresent(loader -> {
            Path found = guest.resolve(loader);
            if (!Files.isRegularFile(found, LinkOption.NOFOLLOW_LINKS)) {
                problems.add("its dynamic loader " + loader + " leads to " + guestName(found) + ", which is not there");
            }
        });
        if (elf.get().interpreter().isPresent()) {
            problems.addAll(libraries(program, elf.get()));
        }
        return problems;
    }

    /** Every library the program needs, and they need, found the way ld.so looks for it. */
    private List<String> libraries(String program, ElfFile elf) throws IOException {
        List<String> problems = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        Deque<String[]> todo = new ArrayDeque<>(); // library, who needs it, that one's folder (for $ORIGIN)
        String origin = parent(guestName(guest.resolve(program))); // $ORIGIN is where the file really is
        for (String lib : elf.needed()) {
            todo.add(new String[] {lib, program, origin, String.join(":", elf.searchPath())});
        }
        while (!todo.isEmpty()) {
            String[] next = todo.poll();
            if (!seen.add(next[0])) {
                continue;
            }
            Optional<String> found = find(next[0], next[2], next[3]);
            if (found.isEmpty()) {
                problems.add(next[1] + " needs " + next[0] + ", which is not in the guest's library folders");
                continue;
            }
            Optional<ElfFile> lib;
            try {
                lib = ElfFile.read(guest.resolve(found.get()));
            } catch (ElfFile.Corrupt e) {
                problems.add(next[1] + " needs " + found.get() + ", which is a truncated or corrupt ELF file");
                continue;
            }
            if (lib.isPresent()) {
                for (String more : lib.get().needed()) {
                    todo.add(new String[] {more, found.get(), parent(guestName(guest.resolve(found.get()))),
                            String.join(":", lib.get().searchPath())});
                }
            }
        }
        return problems;
    }

    private Optional<String> find(String library, String origin, String searchPath) throws IOException {
        if (library.contains("/")) {
            return exists(library) ? Optional.of(library) : Optional.empty();
        }
        List<String> dirs = new ArrayList<>();
        for (String dir : searchPath.split(":")) {
            if (!dir.isEmpty()) {
                dirs.add(dir.replace("${ORIGIN}", origin).replace("$ORIGIN", origin));
            }
        }
        dirs.addAll(libraryDirs());
        for (String dir : dirs) {
            String candidate = dir + "/" + library;
            if (exists(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private boolean exists(String guestFile) {
        return Files.isRegularFile(guest.resolve(guestFile), LinkOption.NOFOLLOW_LINKS);
    }

    /** The folders of /etc/ld.so.conf (and what it includes), then the loader's defaults. */
    private List<String> libraryDirs() throws IOException {
        if (libraryDirs == null) {
            Set<String> dirs = new LinkedHashSet<>();
            readConf("/etc/ld.so.conf", dirs, 0);
            dirs.addAll(DEFAULT_DIRS);
            libraryDirs = List.copyOf(dirs);
        }
        return libraryDirs;
    }

    private void readConf(String conf, Set<String> dirs, int depth) throws IOException {
        Path file = guest.resolve(conf);
        if (depth > 4 || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        for (String raw : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
            String line = raw.replaceAll("#.*", "").trim();
            if (line.startsWith("include ")) {
                for (String pattern : line.substring(8).trim().split("\\s+")) {
                    for (String included : glob(pattern.startsWith("/") ? pattern : parent(conf) + "/" + pattern)) {
                        readConf(included, dirs, depth + 1);
                    }
                }
            } else if (line.startsWith("/")) {
                dirs.add(line);
            }
        }
    }

    /** A {@code dir/*.conf} style pattern (a star in the last name only), matched inside the guest, sorted. */
    private List<String> glob(String pattern) throws IOException {
        String dir = parent(pattern);
        String name = pattern.substring(pattern.lastIndexOf('/') + 1);
        Path folder = guest.resolve(dir);
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        String regex = "\\Q" + name.replace("*", "\\E.*\\Q") + "\\E";
        try (Stream<Path> children = Files.list(folder)) {
            return children.map(p -> p.getFileName().toString()).filter(f -> f.matches(regex)).sorted()
                    .map(f -> dir + "/" + f).toList();
        }
    }

    private String guestName(Path host) {
        Path rel = guest.root().relativize(host);
        return "/" + rel;
    }

    private static String parent(String guestPath) {
        int slash = guestPath.lastIndexOf('/');
        return slash <= 0 ? "" : guestPath.substring(0, slash);
    }
}
