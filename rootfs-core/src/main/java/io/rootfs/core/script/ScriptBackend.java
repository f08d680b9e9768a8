package io.rootfs.core.script;

/** Runs the Kata driver over a distro folder somewhere: on this machine, or in a container. */
public interface ScriptBackend {
    /** Runs {@code run} to the end; fails with the cause found in the script's output. */
    void run(ScriptRun run);

    /**
     * Stops a running script and waits, with a bound, until it and everything it started have
     * ended, so that their clean-up (unmounting, removing scratch files) is done. Called from a
     * shutdown hook when Maven is interrupted; does nothing when no script runs.
     */
    void stop();
}
