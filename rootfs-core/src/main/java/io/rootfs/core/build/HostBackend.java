package io.rootfs.core.build;

import io.rootfs.api.BuildLog;
import io.rootfs.core.RootfsException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;

/** Runs the distro's build logic with bash on this machine, streaming its output into the log. */
public final class HostBackend {
    static final String DRIVER = "kata-driver.sh";
    private static final int TAIL = 15;
    private static final Pattern PROGRESS = Pattern.compile("^\\(Reading database \\.\\.\\. *(\\d+%)?$");

    private final BuildLog log;

    public HostBackend(BuildLog log) {
        this.log = log;
    }

    /** Writes the driver into the work folder and runs it; fails with the script's exit code and last lines. */
    public void run(ScriptRun run) {
        Path driver = writeDriver(run.workDir());
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
        Deque<String> tail = new ArrayDeque<>();
        try {
            pump(process.getInputStream(), tail);
            int code = process.waitFor();
            if (code != 0) {
                throw RootfsException.environment("The distro's build_rootfs failed with exit code " + code + ": "
                        + lastError(tail) + "\nLast lines of its output:\n  " + String.join("\n  ", tail));
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

    private void pump(InputStream in, Deque<String> tail) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (PROGRESS.matcher(line).matches()) {
                    continue; // dpkg redraws "Reading database ... 45%" twenty times per package set
                }
                log.info("  | " + line);
                tail.addLast(line);
                if (tail.size() > TAIL) {
                    tail.removeFirst();
                }
            }
        } catch (IOException e) {
            log.warn("Lost the build script's output: " + e.getMessage());
        }
    }

    private static String lastError(Deque<String> tail) {
        String found = null;
        for (String line : tail) {
            if (line.contains("ERROR")) {
                found = line.trim();
            }
        }
        return found != null ? found : tail.isEmpty() ? "(no output)" : tail.peekLast().trim();
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
    }

    static Path writeDriver(Path workDir) {
        try (InputStream in = HostBackend.class.getResourceAsStream(DRIVER)) {
            if (in == null) {
                throw RootfsException.environment("The plugin jar lacks " + DRIVER + ": reinstall the plugin");
            }
            Files.createDirectories(workDir);
            Path driver = workDir.resolve(DRIVER);
            Files.write(driver, in.readAllBytes());
            return driver;
        } catch (IOException e) {
            throw RootfsException.environment("Cannot write " + DRIVER + " into " + workDir + ": " + e.getMessage(), e);
        }
    }
}
