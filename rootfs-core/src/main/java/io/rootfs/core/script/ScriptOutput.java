package io.rootfs.core.script;

import io.rootfs.api.BuildLog;
import io.rootfs.core.RootfsException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;

/**
 * The build script's output on its way into the Maven log, whichever backend runs it: each line
 * prefixed and kept whole in the run's log file, dpkg's progress redraws dropped, and the line
 * that says why a failed build failed picked out for the failure's headline (which is then the
 * only place the cause is repeated: the lines themselves were streamed already).
 */
public final class ScriptOutput implements AutoCloseable {
    private static final String LOG_POINTER = " (Its whole output: ";
    /** A stretch without a line in Maven's log after which a progress line is shown. */
    static final java.time.Duration HEARTBEAT = java.time.Duration.ofSeconds(5);
    private static final Pattern PROGRESS = Pattern.compile("^\\(Reading database \\.\\.\\. *(\\d+%)?$");

    private final BuildLog log;
    private final ScriptRun run;
    private final FailureCause cause = new FailureCause();
    private final StringBuilder partial = new StringBuilder();
    private final BufferedWriter file;
    private final PackageProgress progress = new PackageProgress();
    private final java.util.Timer heartbeat;
    private final long started = System.nanoTime();
    private volatile long shown = System.nanoTime();
    private String last = "";

    /** Output that is only streamed (an image build's). */
    public ScriptOutput(BuildLog log) {
        this(log, null);
    }

    public ScriptOutput(BuildLog log, ScriptRun run) {
        this(log, run, HEARTBEAT);
    }

    /**
     * @param quiet after this long without a line in Maven's log, a progress line says the build
     *              still runs and what the package manager has done so far
     */
    ScriptOutput(BuildLog log, ScriptRun run, java.time.Duration quiet) {
        this.log = log;
        this.run = run;
        BufferedWriter w = null;
        if (run != null && run.log() != null) {
            try {
                w = Files.newBufferedWriter(run.log(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                log.warn("Cannot keep the build's output in " + run.log() + ": " + e.getMessage());
            }
        }
        this.file = w;
        this.heartbeat = run == null ? null : new java.util.Timer("rootfs-progress", true);
        if (heartbeat != null) {
            // looked at 20 times per stretch, so that no stretch without a line is longer than the stretch itself
            long every = Math.max(quiet.toMillis() / 20, 10);
            heartbeat.schedule(new java.util.TimerTask() {
                @Override
                public void run() {
                    beat(quiet.toNanos() - every * 1_000_000L);
                }
            }, every, every);
        }
    }

    private void beat(long quietNanos) {
        long now = System.nanoTime();
        if (now - shown >= quietNanos) {
            String done = progress.summary();
            log.info(String.format(java.util.Locale.ROOT, "  ... build_rootfs running, %d s%s", (now - started) / 1_000_000_000L,
                    done.isEmpty() ? "" : "; " + done));
            shown = now;
        }
    }

    /** One whole line of output. */
    public synchronized void line(String line) {
        if (PROGRESS.matcher(line).matches()) {
            return; // dpkg redraws "Reading database ... 45%" twenty times per package set
        }
        if (progress.count(line)) {
            log.debug("  | " + line); // per-package chatter: counted for the progress line, kept in the build log
        } else {
            log.info("  | " + line);
            shown = System.nanoTime();
        }
        cause.see(line);
        if (!line.isBlank()) {
            last = line;
        }
        if (file != null) {
            try {
                file.write(line);
                file.newLine();
            } catch (IOException e) {
                // the Maven log has the line
            }
        }
    }

    /** A chunk of output that may end inside a line (as a container's log frames do). */
    public synchronized void chunk(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line(partial.toString());
                partial.setLength(0);
            } else if (c != '\r') {
                partial.append(c);
            }
        }
    }

    /** Flushes a last line that had no newline. */
    public synchronized void end() {
        if (partial.length() > 0) {
            line(partial.toString());
            partial.setLength(0);
        }
    }

    /** The failure of a script that exited with {@code code}: the cause in one line, what to do, and where the whole output is. */
    public synchronized RootfsException failure(long code) {
        end();
        close();
        return RootfsException.environment(cause.headline(code, run, last)
                + (run == null || run.log() == null ? "" : LOG_POINTER + run.log() + ")"));
    }

    /** {@code e} without the pointer to the build log, for a build that removed its log: the output is above. */
    public static RuntimeException withoutLogPointer(RuntimeException e) {
        String message = e.getMessage();
        int at = message == null ? -1 : message.lastIndexOf(LOG_POINTER);
        if (!(e instanceof RootfsException r) || at < 0) {
            return e;
        }
        String shorter = message.substring(0, at) + " (Its whole output is above.)";
        RootfsException copy = r.isUserError() ? RootfsException.input(shorter) : RootfsException.environment(shorter);
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }

    @Override
    public synchronized void close() {
        if (heartbeat != null) {
            heartbeat.cancel();
        }
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                // nothing more to keep
            }
        }
    }
}
