package io.rootfs.core.output;

import io.rootfs.core.RootfsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The host programs that make file systems (mke2fs, debugfs, mkfs.erofs, mkfs.xfs): run to the end,
 * their output returned; a missing one is named with the package that has it.
 */
final class Tools {
    private static final Map<String, String> PACKAGES = Map.of("mke2fs", "e2fsprogs", "debugfs", "e2fsprogs",
            "dumpe2fs", "e2fsprogs", "mkfs.erofs", "erofs-utils", "mkfs.xfs", "xfsprogs", "xfs_db", "xfsprogs", "du",
            "coreutils");

    private Tools() {
    }

    static String run(Map<String, String> env, String... command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw RootfsException.environment(command[0] + " is not installed, and this output needs it: apt-get install "
                    + PACKAGES.getOrDefault(command[0], command[0]) + ".", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", List.of(command)) + " failed: " + out.trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command[0], e);
        }
        return out;
    }
}
