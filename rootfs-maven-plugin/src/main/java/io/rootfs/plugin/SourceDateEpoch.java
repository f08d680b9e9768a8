package io.rootfs.plugin;

import io.rootfs.api.BuildLog;
import io.rootfs.core.RootfsException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** "Now" for reproducible output: SOURCE_DATE_EPOCH, else project.build.outputTimestamp, else the epoch. */
final class SourceDateEpoch {
    private SourceDateEpoch() {
    }

    static long of(String environment, String outputTimestamp, BuildLog log) {
        if (environment != null && !environment.isBlank()) {
            try {
                return Long.parseLong(environment.trim());
            } catch (NumberFormatException e) {
                throw RootfsException.input("SOURCE_DATE_EPOCH=" + environment + " is not a number of seconds.");
            }
        }
        if (outputTimestamp != null && !outputTimestamp.isBlank() && !outputTimestamp.startsWith("${")) {
            String t = outputTimestamp.trim();
            if (t.matches("\\d+")) {
                return Long.parseLong(t);
            }
            try {
                return OffsetDateTime.parse(t).toEpochSecond();
            } catch (DateTimeParseException e) {
                throw RootfsException.input("project.build.outputTimestamp=" + t + " is neither seconds nor an ISO"
                        + " date such as 2026-01-01T00:00:00Z.");
            }
        }
        log.info("No SOURCE_DATE_EPOCH nor project.build.outputTimestamp: timestamps are the epoch (set one of them"
                + " for a meaningful rootfs-creation-time)");
        return 0;
    }
}
