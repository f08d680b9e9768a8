package io.rootfs.core.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** What this machine offers a host build: the user it runs as, and the programs on its PATH. */
public class HostProbe {
    private final String path;

    /** Probes the JVM's own PATH. */
    public HostProbe() {
        this(System.getenv().getOrDefault("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"));
    }

    public HostProbe(String path) {
        this.path = path;
    }

    /** The PATH searched, also the PATH the scripts get. */
    public String path() {
        return path;
    }

    /** The executable of that name on the PATH, if any. */
    public Optional<Path> which(String program) {
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0"); // effective uid
                }
            }
        } catch (IOException e) {
            return "root".equals(System.getProperty("user.name"));
        }
        return false;
    }

    /** Whether an unprivileged user namespace can be made here (what mmdebstrap --mode=unshare needs). */
    public boolean canUnshare() {
        Optional<Path> unshare = which("unshare");
        if (unshare.isEmpty()) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(unshare.get().toString(), "--user", "--map-root-user", "true")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
