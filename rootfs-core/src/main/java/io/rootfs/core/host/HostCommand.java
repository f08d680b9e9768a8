package io.rootfs.core.host;

import java.io.IOException;
import java.util.List;

/** Runs a host program to its end; a non-zero exit becomes an IOException with its output. */
public final class HostCommand {
    private HostCommand() {
    }

    public static void run(String... argv) throws IOException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes()).trim();
        try {
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", List.of(argv)) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + argv[0], e);
        }
    }
}
