package io.rootfs.core.build;

import io.rootfs.api.BuildLog;
import io.rootfs.core.RootfsException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;

/**
 * The build script's output on its way into the Maven log, whichever backend runs it: each line
 * prefixed, dpkg's progress redraws dropped, and the last lines kept for the failure message.
 */
public final class ScriptOutput {
    private static final int TAIL = 15;
    private static final Pattern PROGRESS = Pattern.compile("^\\(Reading database \\.\\.\\. *(\\d+%)?$");

    private final BuildLog log;
    private final Deque<String> tail = new ArrayDeque<>();
    private final StringBuilder partial = new StringBuilder();

    public ScriptOutput(BuildLog log) {
        this.log = log;
    }

    /** One whole line of output. */
    public synchronized void line(String line) {
        if (PROGRESS.matcher(line).matches()) {
            return; // dpkg redraws "Reading database ... 45%" twenty times per package set
        }
        log.info("  | " + line);
        tail.addLast(line);
        if (tail.size() > TAIL) {
            tail.removeFirst();
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

    /** The failure of a script that exited with {@code code}: its last error line, then its last lines. */
    public synchronized RootfsException failure(long code) {
        return RootfsException.environment("The distro's build_rootfs failed with exit code " + code + ": "
                + lastError() + "\nLast lines of its output:\n  " + String.join("\n  ", tail));
    }

    private String lastError() {
        String found = null;
        for (String line : tail) {
            if (line.contains("ERROR")) {
                found = line.trim();
            }
        }
        return found != null ? found : tail.isEmpty() ? "(no output)" : tail.peekLast().trim();
    }
}
