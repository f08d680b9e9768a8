package io.rootfs.core.output;

import io.rootfs.core.RootfsException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One build at a time per rootfs: an exclusive lock on a file in the target's work folder, held
 * for the whole build and released by the kernel when the JVM ends, however it ends. The file
 * says who holds it (pid, start time, and the script's process group while one runs), so a second
 * build can name the holder, and the next build can find what a crashed one left running.
 *
 * <p>The lock is a POSIX record lock, and a process loses those when it closes any descriptor of
 * the file: so the holder reads and writes the file only through its one channel, and a second
 * build in the same JVM is refused from a table of held files before it opens the file at all.
 */
public final class BuildLock implements AutoCloseable {
    /** The lock files this JVM holds, with their targets (Maven -T runs builds on several threads). */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final Map<String, String> info = new LinkedHashMap<>();
    private final Map<String, String> previous = new LinkedHashMap<>();

    private BuildLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock or fails at once, naming the holder.
     *
     * @param target the rootfs the lock stands for, for messages
     * @return the lock, and what the previous holder wrote (empty for a first build)
     */
    static BuildLock acquire(Path file, Path target) {
        if (!HELD.add(file)) {
            throw sameJvm(target);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException unexpected) {
                throw sameJvm(target);
            }
            if (lock == null) {
                Map<String, String> holder = read(file);
                throw RootfsException.input(target + " is being built by another build (pid "
                        + holder.getOrDefault("pid", "unknown") + ", started " + holder.getOrDefault("started", "at an unknown time")
                        + commandOf(holder.get("pid")) + "). Wait for it to finish, or build into another -Drootfs.dir;"
                        + " nothing of it was touched.");
            }
            BuildLock held = new BuildLock(file, channel, lock);
            held.previous.putAll(parse(readThrough(channel)));
            held.info.put("pid", Long.toString(ProcessHandle.current().pid()));
            held.info.put("started", Instant.now().toString());
            held.info.put("target", target.toString());
            held.write();
            return held;
        } catch (IOException e) {
            closeQuietly(channel);
            HELD.remove(file);
            throw RootfsException.environment("Cannot lock " + file + " for the build of " + target + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            HELD.remove(file);
            throw e;
        }
    }

    private static RootfsException sameJvm(Path target) {
        return RootfsException.input("Another build in this Maven run (pid " + ProcessHandle.current().pid()
                + ") is building " + target + " right now: two executions or modules build into the same rootfs.dir."
                + " Give each its own -Drootfs.dir.");
    }

    private static String readThrough(FileChannel channel) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate((int) Math.min(channel.size(), 1 << 16));
        while (bytes.hasRemaining() && channel.read(bytes, bytes.position()) > 0) {
            // read it all
        }
        return new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8);
    }

    /** What the last holder wrote: a crashed build's pid and script group, for the clean-up. */
    public Map<String, String> previousHolder() {
        return Map.copyOf(previous);
    }

    /** Adds a fact about this build to the lock file (e.g. the script's process group). */
    public synchronized void note(String key, String value) {
        info.put(key, value);
        try {
            write();
        } catch (IOException e) {
            // only a later clean-up reads it; the lock itself holds
        }
    }

    private void write() throws IOException {
        StringBuilder text = new StringBuilder("# rootfs-maven-plugin: the build that holds this rootfs\n");
        info.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
    }

    /** What another process wrote into a lock file it holds (never called on one this JVM holds). */
    static Map<String, String> read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            return Map.of();
        }
    }

    private static Map<String, String> parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        try {
            Properties p = new Properties();
            p.load(new StringReader(text));
            p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k)));
        } catch (IOException | IllegalArgumentException e) {
            // no holder information: an empty or foreign file
        }
        return values;
    }

    private static String commandOf(String pid) {
        if (pid == null || !pid.matches("\\d+")) {
            return "";
        }
        return ProcessHandle.of(Long.parseLong(pid)).flatMap(h -> h.info().commandLine())
                .map(c -> ", running " + (c.length() > 160 ? c.substring(0, 160) + "..." : c)).orElse("");
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // released when the channel closes
        }
        closeQuietly(channel);
        HELD.remove(file);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }
}
