package io.rootfs.core.build;

/** Runs the Kata driver over a distro folder somewhere: on this machine, or in a container. */
public interface ScriptBackend {
    /** Runs {@code run} to the end; fails with the script's exit code and last lines. */
    void run(ScriptRun run);
}
