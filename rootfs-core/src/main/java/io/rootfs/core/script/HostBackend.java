package io.rootfs.core.script;

import io.rootfs.api.BuildLog;
import io.rootfs.core.RootfsException;
import io.rootfs.core.host.HostProbe;
import io.rootfs.core.host.ProcessGroup;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the distro's build logic with bash on this machine, streaming its output into the log.
 * The script leads a process group of its own, so stopping it reaches everything it started
 * (mmdebstrap, dpkg, chroot), and the driver's watchdog stops that group when the JVM ends, even
 * killed: the JVM holds the script's standard input, and its end closes that pipe. Run as root, it
 * has a mount namespace of its own, so what its tool mounts in the tree (mmdebstrap's /proc, /sys,
 * /dev/pts) goes when it ends, even killed with SIGKILL before the tool could unmount: in the host's
 * namespace such mounts stayed under target/, and a {@code mvn clean} went down into them. A mount it
 * leaves in the tree when it ends well fails the build all the same: the driver looks for one in that
 * namespace (Leftovers, reading the JVM's mount table, would not see it).
 */
public final class HostBackend implements ScriptBackend {
    /** How long a stopped script gets to clean up (mmdebstrap unmounts and removes its chroot). */
    static final Duration GRACE = Duration.ofSeconds(30);
    private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(10);

    private final BuildLog log;
    private volatile Process process;
    private volatile ProcessGroup group;

    public HostBackend(BuildLog log) {
        this.log = log;
    }

    /** Writes the driver into the work folder and runs it; fails with the cause found in its output. */
    @Override
    public void run(ScriptRun run) {
        Path driver = KataDriver.write(run.workDir());
        List<String> command = new ArrayList<>(ProcessGroup.leader());
        List<String> mounts = new HostProbe().ownMountNamespace();
        if (!mounts.isEmpty()) {
            log.debug("build_rootfs runs in a mount namespace of its own: what it mounts goes when it ends");
        }
        command.addAll(mounts);
        command.addAll(List.of("bash", driver.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).directory(run.workDir().toFile()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(run.environment());
        pb.environment().put("ROOTFS_WATCHDOG", "stdin");
        try {
            process = pb.start();
        } catch (IOException e) {
            throw RootfsException.environment("Cannot start bash: " + e.getMessage(), e);
        }
        group = new ProcessGroup(process.pid());
        run.started().accept(group.id());
        try (ScriptOutput output = new ScriptOutput(log, run)) {
            Thread pumper = new Thread(() -> pump(process.getInputStream(), output), "rootfs-script-output");
            pumper.setDaemon(true);
            pumper.start();
            int code = process.waitFor();
            // closing the script's input wakes its watchdog, which stops anything the scripts left running
            // (a daemon still holding the output pipe would otherwise keep it open)
            closeInput();
            pumper.join(OUTPUT_DRAIN.toMillis());
            if (code != 0) {
                throw output.failure(code);
            }
        } catch (InterruptedException e) {
            stop();
            Thread.currentThread().interrupt();
            throw RootfsException.environment("Interrupted while the distro's build_rootfs ran", e);
        } finally {
            closeInput();
        }
    }

    @Override
    public void stop() {
        ProcessGroup running = group;
        if (running == null || !running.alive()) {
            return;
        }
        log.warn("Stopping the distro's build_rootfs (process group " + running.id() + ") and waiting up to "
                + GRACE.toSeconds() + " s for it to clean up");
        closeInput();
        if (!running.stop(GRACE)) {
            log.warn("It did not end within " + GRACE.toSeconds() + " s: killed");
        }
    }

    private void closeInput() {
        Process p = process;
        if (p != null) {
            try {
                p.getOutputStream().close();
            } catch (IOException e) {
                // gone already
            }
        }
    }

    private void pump(InputStream in, ScriptOutput output) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                output.line(line);
            }
        } catch (IOException e) {
            log.warn("Lost the build script's output: " + e.getMessage());
        }
    }
}
