package io.rootfs.core.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Processes that run inside a build's folder: their root (a chroot into the tree being built) or
 * their working folder is there. A daemon started by a package's postinst leaves the script's
 * process group with {@code setsid}; this finds it anyway.
 */
public final class StrayProcesses {
    private static final Path PROC = Path.of("/proc");

    private StrayProcesses() {
    }

    /** The pids of processes (not this JVM) whose root or working folder is at or below {@code folder}. */
    public static List<Long> under(Path folder) {
        Path root = folder.toAbsolutePath().normalize();
        List<Long> found = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        try (Stream<Path> all = Files.list(PROC)) {
            for (Path proc : (Iterable<Path>) all::iterator) {
                String name = proc.getFileName().toString();
                if (!name.matches("\\d+") || Long.parseLong(name) == self) {
                    continue;
                }
                if (inside(proc.resolve("root"), root) || inside(proc.resolve("cwd"), root)) {
                    found.add(Long.parseLong(name));
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return found;
    }

    private static boolean inside(Path link, Path root) {
        try {
            return Files.readSymbolicLink(link).startsWith(root);
        } catch (IOException | UnsupportedOperationException gone) {
            return false;
        }
    }

    /** Sends SIGTERM to each, waits up to {@code grace}, then SIGKILL; returns how many there were. */
    public static int stop(Path folder, Duration grace) {
        List<Long> pids = under(folder);
        if (pids.isEmpty()) {
            return 0;
        }
        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy));
        long deadline = System.nanoTime() + grace.toNanos();
        while (System.nanoTime() < deadline && !under(folder).isEmpty()) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        under(folder).forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        return pids.size();
    }
}
