package io.rootfs.core.pipeline;

import io.rootfs.api.BuildLog;
import java.util.List;

/**
 * What a build does when Maven is interrupted (Ctrl-C, SIGTERM from CI) while it runs: a shutdown
 * hook that stops the build script and waits for its own clean-up, then takes down what is still
 * mounted in the half-built tree and removes it, before the JVM exits. Removed again when the build
 * ends on its own.
 */
final class InterruptCleanup implements AutoCloseable {
    private final Thread hook;

    InterruptCleanup(BuildLog log, List<Runnable> steps) {
        hook = new Thread(() -> {
            log.warn("Interrupted: stopping the build, unmounting and removing its unfinished tree");
            for (Runnable step : steps) {
                try {
                    step.run();
                } catch (RuntimeException e) {
                    log.warn("Clean-up step failed: " + e.getMessage());
                }
            }
        }, "rootfs-interrupt-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs already, or has run
        }
    }
}
