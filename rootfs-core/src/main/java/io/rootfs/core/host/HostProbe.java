package io.rootfs.core.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** What this machine offers a host build: the user it runs as, and the programs on its PATH. */
public class HostProbe {
    /** The PATH of a standard Linux system: where a PATH is unset here, and inside a builder container. */
    public static final String STANDARD_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private final String path;

    /** Probes the JVM's own PATH. */
    public HostProbe() {
        this(System.getenv().getOrDefault("PATH", STANDARD_PATH));
    }

    public HostProbe(String path) {
        this.path = path;
    }

    /** The PATH searched, also the PATH the scripts get. */
    public String path() {
        return path;
    }

    /** The executable of that name on the PATH, if any. */
    /** A program on the PATH, or, when it names a path, that file if it is executable. */
    public Optional<Path> which(String program) {
        if (program.contains("/")) {
            Path file = Path.of(program);
            return Files.isRegularFile(file) && Files.isExecutable(file) ? Optional.of(file) : Optional.empty();
        }
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
        return effectiveUid().map("0"::equals).orElse("root".equals(System.getProperty("user.name")));
    }

    /** The JVM's effective user and group, {@code uid:gid}, as chown takes them. */
    public Optional<String> owner() {
        return effectiveUid().flatMap(uid -> status("Gid:").map(gid -> uid + ":" + gid));
    }

    /** The JVM's effective user id, from /proc. */
    private static Optional<String> effectiveUid() {
        return status("Uid:");
    }

    private static Optional<String> status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    return Optional.of(line.split("\\s+")[2]);
                }
            }
        } catch (IOException e) {
            // no /proc: not Linux, or a sandbox
        }
        return Optional.empty();
    }

    /**
     * What stops a user namespace with this user's subordinate ids (what mmdebstrap --mode=unshare
     * needs), or empty when nothing does.
     */
    public Optional<String> userNamespaceProblem() {
        String user = System.getProperty("user.name");
        if (which("newuidmap").isEmpty() || which("newgidmap").isEmpty()) {
            return Optional.of("newuidmap/newgidmap are not on the PATH (apt-get install uidmap)");
        }
        for (String file : new String[] {"/etc/subuid", "/etc/subgid"}) {
            if (!hasSubordinateIds(Path.of(file), user)) {
                return Optional.of(file + " has no range for " + user + " (usermod --add-subuids 100000-165535"
                        + " --add-subgids 100000-165535 " + user + ")");
            }
        }
        Optional<Path> unshare = which("unshare");
        if (unshare.isEmpty()) {
            return Optional.of("unshare is not on the PATH (apt-get install util-linux)");
        }
        if (succeeds(List.of(unshare.get().toString(), "--user", "--map-root-user", "true"))) {
            return Optional.empty();
        }
        return Optional.of("this kernel refuses unprivileged user namespaces (unshare --user --map-root-user true"
                + " failed; sysctl kernel.unprivileged_userns_clone=1)");
    }

    /**
     * The argv prefix that runs a command in a mount namespace of its own (util-linux's unshare; what it mounts
     * stays in it), or none where root cannot make one (no CAP_SYS_ADMIN, as in many CI containers) or the
     * build runs as a plain user (whose tools mount only in user namespaces of their own). What is mounted in
     * it goes when its last process ends, however that ends.
     */
    public List<String> ownMountNamespace() {
        Optional<Path> unshare = isRoot() ? which("unshare") : Optional.empty();
        if (unshare.isEmpty()) {
            return List.of();
        }
        // slave: mounts the host makes later (an automount, say) reach the build; none the build makes leaves it
        List<String> prefix = List.of(unshare.get().toString(), "--mount", "--propagation", "slave", "--");
        List<String> probe = new java.util.ArrayList<>(prefix);
        probe.add("true");
        return succeeds(probe) ? prefix : List.of();
    }

    /** Whether the command ends with exit code 0 within 10 s. */
    private static boolean succeeds(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor(10, TimeUnit.SECONDS)) {
                return p.exitValue() == 0;
            }
            p.destroyForcibly();
        } catch (IOException e) {
            // cannot run it: no
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private static boolean hasSubordinateIds(Path file, String user) {
        String uid = effectiveUid().orElse("");
        try {
            return Files.readAllLines(file).stream().map(l -> l.split(":")[0])
                    .anyMatch(name -> name.equals(user) || name.equals(uid));
        } catch (IOException e) {
            return false;
        }
    }
}
