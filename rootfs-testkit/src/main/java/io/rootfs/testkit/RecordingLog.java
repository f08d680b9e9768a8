package io.rootfs.testkit;

import io.rootfs.api.BuildLog;
import java.util.ArrayList;
import java.util.List;

/** A build log that keeps what it was told, for tests to read back. */
public final class RecordingLog implements BuildLog {
    /** Info and warning lines, in order. */
    public final List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Warning lines only. */
    public final List<String> warnings = new ArrayList<>();

    @Override
    public void info(String line) {
        lines.add(line);
    }

    @Override
    public void warn(String line) {
        lines.add(line);
        warnings.add(line);
    }

    @Override
    public void debug(String line) {
    }
}
