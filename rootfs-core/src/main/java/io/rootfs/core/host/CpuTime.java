package io.rootfs.core.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time this process has used, in seconds: its own threads' (the JVM's: the build, the JIT
 * compilers, the collector) and that of the child processes it has waited for, with theirs (a
 * build's guest scripts), as Linux counts them in {@code /proc/self/stat}. Where that file cannot
 * be read, the JVM's own time and no children's. It is the whole Maven process's: in a parallel
 * build ({@code -T}) the other modules' work counts too.
 */
public final class CpuTime {
    /** Linux reports these times in clock ticks of 1/100 s (USER_HZ) on every architecture it builds for. */
    private static final double TICK = 0.01;

    /** What the process has used so far. */
    public record Used(double own, double children) {
        public double total() {
            return own + children;
        }

        /** What was used between {@code before} and this. */
        public Used since(Used before) {
            return new Used(own - before.own, children - before.children);
        }
    }

    private CpuTime() {
    }

    public static Used now() {
        try {
            return parse(Files.readString(Path.of("/proc/self/stat")));
        } catch (IOException | RuntimeException e) {
            java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long nanos = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
            return new Used(Math.max(0, nanos) / 1e9, 0);
        }
    }

    /** Reads a {@code /proc/PID/stat} line: utime, stime, cutime and cstime, the 14th to 17th fields. */
    static Used parse(String stat) {
        String[] f = ProcStat.fromState(stat);
        long utime = Long.parseLong(f[11]);
        long stime = Long.parseLong(f[12]);
        long cutime = Long.parseLong(f[13]);
        long cstime = Long.parseLong(f[14]);
        return new Used((utime + stime) * TICK, (cutime + cstime) * TICK);
    }
}
