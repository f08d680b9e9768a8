package io.rootfs.core.tree;

import io.rootfs.core.RootfsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Resolves a path inside the guest as the guest would (as if chrooted): absolute links restart at
 * the rootfs, {@code ..} stops at it. Writing through a host path would follow a guest link such as
 * {@code /etc/resolv.conf -> /run/...} onto the host; this class is how the finishing steps avoid that.
 */
public final class GuestPath {
    private static final int MAX_LINKS = 40;

    private final Path root;
    /** Folders resolved before, by guest path (null: nothing is remembered). */
    private final java.util.Map<String, Walk> remembered;
    private final java.util.Set<Path> rememberedFolders;

    public GuestPath(Path root) {
        this(root, false);
    }

    private GuestPath(Path root, boolean remember) {
        this.root = root.toAbsolutePath().normalize();
        this.remembered = remember ? new java.util.HashMap<>() : null;
        this.rememberedFolders = remember ? new java.util.HashSet<>() : null;
    }

    /**
     * A guest path that remembers the folders it resolved, for one writer that alone changes the
     * tree while it is used (an unpack writes thousands of files into the same few folders: each
     * component of each was looked at again): a folder it resolved is taken as it was until
     * {@link #forget()}, which the writer calls whenever it removes or replaces an entry. Only a
     * folder that stood there, reached without going up ({@code ..}), is remembered, so every
     * component on the way to it stood there too: making something new where nothing stood changes
     * no remembered resolution. The links followed on the way count towards the limit again.
     */
    public static GuestPath remembering(Path root) {
        return new GuestPath(root, true);
    }

    /** Forgets the folders resolved so far (something in the tree was removed or replaced). */
    public void forget() {
        if (remembered != null) {
            remembered.clear();
            rememberedFolders.clear();
        }
    }

    /** Whether {@code host} is a folder this guest path resolved and remembers (so it stands). */
    boolean knownFolder(Path host) {
        return rememberedFolders != null && rememberedFolders.contains(host);
    }

    public Path root() {
        return root;
    }

    /**
     * The path the guest sees (no leading slash; "" for the root) for a host path inside the rootfs,
     * by string arithmetic: Path.relativize costs far more, and an unpack asks this for every entry.
     *
     * @throws IllegalStateException when {@code host} is not inside the rootfs
     */
    public String guestPath(Path host) {
        String r = root.toString();
        String p = host.normalize().toString();
        if (p.equals(r)) {
            return "";
        }
        if (!p.startsWith(r) || p.charAt(r.length()) != '/') {
            throw new IllegalStateException(host + " is not in the tree " + r);
        }
        return p.substring(r.length() + 1);
    }

    /** The host path of every component but the last resolved; the last itself is not followed. */
    public Path parentResolved(String guestPath) {
        String trimmed = trimSlashes(guestPath);
        int slash = trimmed.lastIndexOf('/');
        Path parent = slash < 0 ? root : resolve(trimmed.substring(0, slash));
        return parent.resolve(slash < 0 ? trimmed : trimmed.substring(slash + 1));
    }

    /** The host path that the guest path names, every link followed inside the rootfs. */
    public Path resolve(String guestPath) {
        if (remembered == null || !plain(guestPath)) {
            return walk(guestPath, guestPath, new ArrayDeque<>(), 0).path();
        }
        Walk known = remembered.get(guestPath);
        if (known != null) {
            return known.path();
        }
        // from the longest folder remembered on the way: resolving goes component by component
        Deque<String> done = new ArrayDeque<>();
        String rest = guestPath;
        int links = 0;
        for (int cut = guestPath.lastIndexOf('/'); cut > 0; cut = guestPath.lastIndexOf('/', cut - 1)) {
            Walk from = remembered.get(guestPath.substring(0, cut));
            if (from != null) {
                String inside = guestPath(from.path());
                if (!inside.isEmpty()) {
                    done.addAll(java.util.Arrays.asList(inside.split("/")));
                }
                rest = guestPath.substring(cut + 1);
                links = from.links(); // the links on the way count towards the limit as if walked again
                break;
            }
        }
        Walk walked = walk(guestPath, rest, done, links);
        // a walk that never went up (..) met only names that stood, when what it ends at stands: were one
        // missing, everything after it would be too; a walk that went up may have passed a missing name
        if (!walked.upward() && Files.isDirectory(walked.path(), LinkOption.NOFOLLOW_LINKS)) {
            remembered.put(guestPath, walked);
            rememberedFolders.add(walked.path());
        }
        return walked.path();
    }

    /** Where a walk ended, how many links it followed, and whether it went up ({@code ..}) on the way. */
    private record Walk(Path path, int links, boolean upward) {
    }

    /** A guest path of names only: no leading or trailing slash, no empty, {@code .} or {@code ..} component. */
    private static boolean plain(String path) {
        if (path.isEmpty() || path.startsWith("/") || path.endsWith("/") || path.contains("//")) {
            return false;
        }
        for (String part : path.split("/")) {
            if (part.equals(".") || part.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /**
     * Resolves {@code path} on from {@code done}, the components of a resolved folder (empty: the
     * root), which {@code links} links led to; {@code whole} is what is resolved, for messages.
     */
    private Walk walk(String whole, String path, Deque<String> done, int links) {
        Deque<String> todo = new ArrayDeque<>();
        push(todo, path);
        boolean upward = false;
        while (!todo.isEmpty()) {
            String part = todo.pop();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                done.pollLast();
                upward = true;
                continue;
            }
            Path candidate = host(done).resolve(part);
            if (Files.isSymbolicLink(candidate)) {
                if (++links > MAX_LINKS) {
                    throw RootfsException.input("Too many symbolic links resolving " + whole + " in " + root);
                }
                String target;
                try {
                    target = Files.readSymbolicLink(candidate).toString();
                } catch (IOException e) {
                    throw RootfsException.environment("Cannot read link " + candidate + ": " + e.getMessage(), e);
                }
                if (target.startsWith("/")) {
                    done.clear();
                }
                push(todo, target);
            } else {
                done.addLast(part);
            }
        }
        return new Walk(host(done), links, upward);
    }

    /** Creates the guest directory (and its parents) inside the rootfs. */
    public Path mkdirs(String guestDir) throws IOException {
        Path dir = resolve(guestDir);
        Files.createDirectories(dir);
        return dir;
    }

    /** Writes a file, replacing a file or link that stood at that path (see {@link GuestWriter}). */
    public Path write(String guestPath, String content) throws IOException {
        return new GuestWriter(this, "the finishing steps").file(guestPath,
                new java.io.ByteArrayInputStream(content.getBytes(java.nio.charset.StandardCharsets.UTF_8)), 0644);
    }

    /** Makes {@code guestPath} a symbolic link to {@code target}, replacing a file or link that stood there. */
    public void link(String guestPath, String target) throws IOException {
        new GuestWriter(this, "the finishing steps").symlink(guestPath, target);
    }

    public boolean exists(String guestPath) {
        return Files.exists(resolve(guestPath), LinkOption.NOFOLLOW_LINKS);
    }

    private Path host(Deque<String> parts) {
        Path p = root;
        for (String part : parts) {
            p = p.resolve(part);
        }
        return p;
    }

    private static void push(Deque<String> todo, String path) {
        String[] parts = path.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            todo.push(parts[i]);
        }
    }

    private static String trimSlashes(String path) {
        String p = path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
