package io.rootfs.core.build;

import io.rootfs.api.BuildLog;
import io.rootfs.core.RootfsException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Runs the distro's build logic with bash on this machine, streaming its output into the log. */
public final class HostBackend implements ScriptBackend {

    private final BuildLog log;

    public HostBackend(BuildLog log) {
        this.log = log;
    }

    /** Writes the driver into the work folder and runs it; fails with the script's exit code and last lines. */
    @Override
    public void run(ScriptRun run) {
        Path driver = KataDriver.write(run.workDir());
        ProcessBuilder pb = new ProcessBuilder("bash", driver.toString())
                .directory(run.workDir().toFile())
                .redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(run.environment());
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw RootfsException.environment("Cannot start bash: " + e.getMessage(), e);
        }
        Thread killer = new Thread(() -> kill(process), "rootfs-script-stop");
        Runtime.getRuntime().addShutdownHook(killer);
        ScriptOutput output = new ScriptOutput(log);
        try {
            pump(process.getInputStream(), output);
            int code = process.waitFor();
            if (code != 0) {
                throw output.failure(code);
            }
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw RootfsException.environment("Interrupted while the distro's build_rootfs ran", e);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(killer);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already
            }
        }
    }

    private void pump(InputStream in, ScriptOutput output) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                output.line(line);
            }
        } catch (IOException e) {
            log.warn("Lost the build script's output: " + e.getMessage());
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
    }
}
