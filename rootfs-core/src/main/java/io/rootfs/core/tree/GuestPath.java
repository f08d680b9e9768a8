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

    public GuestPath(Path root) {
        this.root = root.toAbsolutePath().normalize();
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
        Deque<String> todo = new ArrayDeque<>();
        push(todo, guestPath);
        Deque<String> done = new ArrayDeque<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String part = todo.pop();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                done.pollLast();
                continue;
            }
            Path candidate = host(done).resolve(part);
            if (Files.isSymbolicLink(candidate)) {
                if (++links > MAX_LINKS) {
                    throw RootfsException.input("Too many symbolic links resolving " + guestPath + " in " + root);
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
        return host(done);
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
