package io.rootfs.nativedeb;

import io.rootfs.core.RootfsException;
import io.rootfs.core.tree.GuestPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Moves packages unpacked into a folder of their own onto the tree, as if they had been unpacked
 * onto it then: a folder the tree has (or a link the tree has to a folder in it) is merged into,
 * a file or link replaces what stands at its name, anything the tree lacks is moved whole (one
 * rename). Every name is resolved inside the tree ({@link GuestPath}): a link there, whoever made
 * it, never leads a move out of it. Both folders must be on one file system.
 */
final class StagedMerge {
    private final GuestPath tree;
    private final Map<String, String> moved = new LinkedHashMap<>();
    private final java.util.Set<String> kept = new java.util.HashSet<>();

    /**
     * What a merge did.
     *
     * @param moved the guest paths that reached another place in the tree through one of its links
     *              (the path in the stage to the path in the tree)
     * @param kept  the tree's folders that staged folders were merged into (their owners and modes
     *              stay), by their paths in the tree
     */
    record Merged(Map<String, String> moved, java.util.Set<String> kept) {
    }

    private StagedMerge(GuestPath tree) {
        this.tree = tree;
    }

    /**
     * Merges {@code staged} into {@code tree} and removes what is left of it.
     *
     * @param skip   names at the top of {@code staged} not moved (links it shares with the tree: /bin)
     * @param source what the entries come from, for messages
     */
    static Merged into(Path staged, GuestPath tree, Set<String> skip, String source) throws IOException {
        StagedMerge merge = new StagedMerge(tree);
        for (Path child : children(staged)) {
            String name = child.getFileName().toString();
            if (skip.contains(name)) {
                Files.delete(child);
            } else {
                merge.entry(child, name, name, source);
            }
        }
        Files.delete(staged); // every entry moved: what is left is empty
        return new Merged(merge.moved, merge.kept);
    }

    /** One staged entry: {@code guest} its path in the stage, {@code expected} where it lands if no link leads elsewhere. */
    private void entry(Path staged, String guest, String expected, String source) throws IOException {
        Path target = tree.parentResolved(guest);
        String landed = tree.guestPath(target);
        if (!landed.equals(expected)) {
            moved.put(guest, landed);
        }
        boolean folder = Files.isDirectory(staged, LinkOption.NOFOLLOW_LINKS);
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            move(staged, target, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        if (!folder) {
            if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                throw RootfsException.input(source + " has /" + guest + ", which is no folder, where the tree has a"
                        + " folder (" + landed + "); dpkg refuses that too");
            }
            move(staged, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        Path into = target;
        if (Files.isSymbolicLink(target)) {
            Path followed = tree.resolve(guest);
            if (Files.isDirectory(followed, LinkOption.NOFOLLOW_LINKS)) {
                into = followed; // the tree's link kept, written through (as GuestWriter.directory)
                String through = tree.guestPath(followed);
                if (!through.equals(expected)) {
                    moved.put(guest, through);
                }
            } else {
                Files.delete(target); // a link to nothing or to a file: the folder takes its place
                move(staged, target, StandardCopyOption.ATOMIC_MOVE);
                return;
            }
        } else if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(target);
            move(staged, target, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        // a folder the tree has: its owner and mode stay (as dpkg leaves an existing folder), the contents merge
        String base = tree.guestPath(into);
        kept.add(base);
        for (Path child : children(staged)) {
            String name = child.getFileName().toString();
            entry(child, guest + "/" + name, base.isEmpty() ? name : base + "/" + name, source);
        }
        Files.delete(staged);
    }

    /** A rename; its failure says what and where (the JDK's message is only the path). */
    private static void move(Path from, Path to, StandardCopyOption... options) throws IOException {
        try {
            Files.move(from, to, options);
        } catch (IOException e) {
            throw new IOException("cannot move " + from + " onto the tree at " + to + " (" + e + ")", e);
        }
    }

    private static List<Path> children(Path folder) throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            List<Path> sorted = new ArrayList<>(list.toList());
            sorted.sort(null);
            return sorted;
        }
    }
}
