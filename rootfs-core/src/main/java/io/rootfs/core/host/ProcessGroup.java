package io.rootfs.core.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * A process group a build script runs in (started with {@code setsid}, so its id is the script's
 * pid): signalled as a whole, so the distro tool and everything it started (dpkg, chroot, apt)
 * get the signal and can clean up; then waited for, with a bound.
 */
public final class ProcessGroup {
    private static final Path PROC = Path.of("/proc");

    private final long id;

    public ProcessGroup(long id) {
        this.id = id;
    }

    public long id() {
        return id;
    }

    /** The argv prefix that starts a program as the leader of a new session and process group. */
    public static List<String> leader() {
        return List.of("setsid");
    }

    /** Whether any process of the group is still alive (zombies do not count). */
    public boolean alive() {
        try (Stream<Path> all = Files.list(PROC)) {
            return all.filter(p -> p.getFileName().toString().matches("\\d+")).anyMatch(this::member);
        } catch (IOException e) {
            return false;
        }
    }

    private boolean member(Path proc) {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            // pid (comm) state ppid pgrp ...
            String[] fields = ProcStat.fromState(stat);
            return !"Z".equals(fields[0]) && Long.parseLong(fields[2]) == id;
        } catch (IOException | RuntimeException gone) {
            return false;
        }
    }

    /** Whether the group's leader runs a command line holding {@code text} (guards against a reused pid). */
    public boolean leaderRuns(String text) {
        try {
            return new String(Files.readAllBytes(PROC.resolve(Long.toString(id)).resolve("cmdline"))).replace('\0', ' ')
                    .contains(text);
        } catch (IOException gone) {
            return false;
        }
    }

    /**
     * Sends SIGTERM to every process of the group, waits up to {@code grace} for all of them to end,
     * then sends SIGKILL to what is left. Returns whether the group ended within the grace time.
     */
    public boolean stop(Duration grace) {
        if (!alive()) {
            return true;
        }
        signal("TERM");
        long deadline = System.nanoTime() + grace.toNanos();
        while (System.nanoTime() < deadline) {
            if (!alive()) {
                return true;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        signal("KILL");
        return false;
    }

    private void signal(String name) {
        try {
            HostCommand.run("kill", "-s", name, "--", "-" + id);
        } catch (IOException alreadyGone) {
            // no process left in the group
        }
    }
}
