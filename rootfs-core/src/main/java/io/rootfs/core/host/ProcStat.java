package io.rootfs.core.host;

/** A line of Linux's {@code /proc/PID/stat}, split into its fields. */
final class ProcStat {
    private ProcStat() {
    }

    /**
     * The fields from the third (the state) on: {@code [0]} is field 3, so field N is {@code [N - 3]}.
     * The command name before them (field 2) is in parentheses and may hold spaces and parentheses
     * itself, so the line is split after the last ')'.
     */
    static String[] fromState(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    }
}
