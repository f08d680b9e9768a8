package io.rootfs.nativedeb;

import io.rootfs.api.BuildLog;
import io.rootfs.core.RootfsException;
import io.rootfs.core.host.ProcessGroup;
import io.rootfs.core.tree.GuestPath;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Runs the packages' maintainer scripts with the guest's own tools, as dpkg runs them when it
 * installs: each {@code preinst install}, then {@code dpkg --configure -a} (every postinst, in
 * dependency order, and the triggers: ldconfig), in a chroot of the tree. No Debian tool of this
 * machine is used; {@code unshare} and {@code chroot} (util-linux, coreutils) set the chroot up.
 * As root the chroot gets real device nodes; without root it runs in a user namespace (the build
 * user as root, its subordinate ids as the rest) and the host's {@code /dev/null} and friends are
 * bound into it. As mmdebstrap does, no service starts while the scripts run: a
 * {@code policy-rc.d} that refuses, and a {@code start-stop-daemon} that does nothing.
 */
final class MaintainerScripts {
    private static final String STOP_DAEMON = "usr/sbin/start-stop-daemon";
    private static final String POLICY = "usr/sbin/policy-rc.d";
    private static final int TAIL = 30;
    /** Gives every entry of the tree that another user owns to root (the build user, seen from outside). */
    private static final String HAND_BACK = "find / -xdev \\( -path /dev -o -path /proc \\) -prune -o"
            + " \\( ! -user 0 -o ! -group 0 \\) -exec chown -h 0:0 {} +";
    /** How long the scripts get to end once the build is stopped. */
    private static final java.time.Duration GRACE = java.time.Duration.ofSeconds(10);
    /**
     * How the namespace's first process starts the chroot's shell, staying outside: $1 the tree, $2
     * the script's file (outside the tree), which the chroot's shell reads through descriptor 4 (as
     * one argument a script is limited to 128 KiB: a large package set's preinst lines alone pass that).
     */
    static final String GUEST_SHELL = "exec 4<\"$2\"; chroot \"$1\" /bin/sh -c '. /proc/self/fd/4'; rc=$?; "
            + "if [ $rc = 0 ] && [ \"$journal\" = tmpfs ]; then left=$(ls -A \"$1/var/lib/dpkg/updates\") || exit 1;"
            + " if [ -n \"$left\" ]; then echo \"rootfs: dpkg left its journal in var/lib/dpkg/updates\" >&2; exit 1; fi;"
            + " fi; exit $rc";
    /**
     * dpkg's journal in memory while the scripts run ($1 the tree). For each change of a package's
     * state dpkg writes a file into {@code var/lib/dpkg/updates} and syncs it and the folder to
     * disk (about 780 syncs for the Kata set, each waiting for the disk, most of dpkg's), then folds
     * them into {@code status} when it ends and leaves the folder empty. An empty folder gets a
     * tmpfs of the namespace's own for the while, where a sync costs nothing; {@code status} and
     * all else stay on disk, and a journal left on the tmpfs at the end fails the round
     * ({@link #GUEST_SHELL}) instead of going with it. Where a tmpfs cannot be mounted, the journal stays on disk.
     */
    static final String JOURNAL_IN_MEMORY = "j=\"$1/var/lib/dpkg/updates\"; if [ -d \"$j\" ] && [ ! -L \"$j\" ]"
            + " && held=$(ls -A \"$j\") && [ -z \"$held\" ] && mount -t tmpfs -o mode=0755 rootfs-dpkg-journal \"$j\" 2>/dev/null; then"
            + " journal=tmpfs;"
            + " fi; ";
    private volatile Process process;
    /** The first of two rounds, while it runs, and what it gave. */
    private Thread essentialRound;
    private volatile List<String> essentialLines;
    private volatile Throwable essentialFailure;
    /** Set by {@link #stop}: no script starts after it, one that had just started is stopped. */
    private volatile boolean stopping;
    /** Whether start-stop-daemon was put aside for the fake one. */
    private boolean swapped;

    private final Path tree;
    /** Where the scripts' text is written for the chroot's shell (outside the tree). */
    private final Path work;
    private final boolean root;
    private final BuildLog log;
    private final long sourceDateEpoch;

    /**
     * @param work            a folder outside the tree for the scripts' text
     * @param sourceDateEpoch the build's time, which the scripts write (shadow's last change day)
     */
    MaintainerScripts(Path tree, Path work, boolean root, long sourceDateEpoch, BuildLog log) {
        this.tree = tree;
        this.work = work;
        this.root = root;
        this.sourceDateEpoch = sourceDateEpoch;
        this.log = log;
    }

    /**
     * Runs the scripts of {@code packages} (their info names, in install order, with the
     * architecture dpkg passes them).
     *
     * @param owners where, without root, the entries the scripts gave other owners are listed (outside the tree)
     * @return the lines dpkg and the scripts printed
     */
    List<String> run(List<DpkgDatabase.Installed> packages, Path owners) throws IOException {
        guard();
        try {
            return inChroot(script(packages, true, true, java.util.Set.of(), ""), owners);
        } finally {
            unguard();
        }
    }

    /**
     * Starts the first of two rounds, as mmdebstrap installs: the essential packages' scripts (those
     * in the tree now) on a thread of their own, while the build unpacks the rest elsewhere.
     * {@link #runRest} (or {@link #abandon}, if the build fails before it) must follow.
     *
     * @param owners without root, where the entries these scripts gave other owners are listed
     */
    void startEssential(List<DpkgDatabase.Installed> essential, Path owners) throws IOException {
        guard();
        String script = script(essential, true, false, java.util.Set.of(), "");
        Thread thread = new Thread(() -> {
            long began = System.nanoTime();
            try {
                essentialLines = inChroot(script, owners);
                log.debug(String.format("Native scripts: the essential set's (%d packages) ran in %.2f s, beside the"
                        + " unpack of the rest", essential.size(), (System.nanoTime() - began) / 1e9));
            } catch (Throwable e) {
                essentialFailure = e; // whatever it is, awaitEssential throws it on the build's thread
            }
        }, "maintainer-scripts-essential");
        essentialRound = thread;
        thread.start();
    }

    /** Waits for the first round to end (its failure is thrown); the lines it printed. */
    List<String> awaitEssential() throws IOException {
        try {
            essentialRound.join();
        } catch (InterruptedException e) {
            stop();
            Thread.currentThread().interrupt();
            throw RootfsException.environment("Interrupted while the maintainer scripts ran", e);
        }
        Throwable failure = essentialFailure;
        if (failure instanceof IOException io) {
            throw io;
        } else if (failure instanceof RuntimeException r) {
            throw r;
        } else if (failure instanceof Error e) {
            throw e;
        } else if (failure != null) {
            throw new IOException(failure);
        }
        return essentialLines;
    }

    /** Whether the first round has already failed (the build need not go on with the rest). */
    boolean essentialFailed() {
        return essentialFailure != null;
    }

    /**
     * The second round, once the first has ended and the rest is in the tree and in dpkg's status:
     * without root the owners the first gave back first ({@code before}: shell lines), then the
     * rest's preinsts, {@code dpkg --configure} of those named {@code first}, then of the others
     * ({@code -a}), and the cleanup.
     */
    List<String> runRest(List<DpkgDatabase.Installed> rest, java.util.Set<String> first, String before, Path owners)
            throws IOException {
        try {
            return inChroot(script(rest, false, true, first, before), owners);
        } finally {
            unguard();
        }
    }

    /** After a failure between the rounds: the first stopped if it still runs, the tree's guards taken away. */
    void abandon() throws IOException {
        stop();
        try {
            if (essentialRound != null) {
                essentialRound.join(); // its process group stopped (killed after the grace period)
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        unguard();
    }

    private String script(List<DpkgDatabase.Installed> packages, boolean first, boolean last,
            java.util.Set<String> configureFirst, String before) {
        // read through descriptor 4, which the guest's programs need not inherit; the same modes on
        // every machine, whatever the build user's umask
        StringBuilder script = new StringBuilder("exec 4<&-\nset -e\numask 022\n");
        if (root && first) {
            script.append(DevNodes.mknodLines());
        } else if (!root) {
            // whatever happens (a script fails, Maven stops the build), what belongs to other users
            // is handed back to the build user first, so the tree can always be removed
            script.append("trap '" + HAND_BACK + " 2>/dev/null' EXIT\ntrap 'exit 143' TERM INT HUP\n");
        }
        script.append(before);
        for (DpkgDatabase.Installed p : packages) {
            if (p.controlFiles().containsKey("preinst")) {
                script.append("DPKG_MAINTSCRIPT_PACKAGE=").append(p.name()).append(" DPKG_MAINTSCRIPT_ARCH=")
                        .append(p.control().get("Architecture")).append(" DPKG_MAINTSCRIPT_NAME=preinst")
                        .append(" /var/lib/dpkg/info/").append(p.infoName()).append(".preinst install\n");
            }
        }
        List<String> early = packages.stream().filter(p -> configureFirst.contains(p.name()))
                .map(DpkgDatabase.Installed::infoName).toList();
        if (!early.isEmpty()) {
            script.append("dpkg --configure ").append(String.join(" ", early)).append('\n');
        }
        script.append("dpkg --configure -a\n");
        if (last) {
            script.append("ldconfig\n");
            cleanup(script);
        }
        if (!root) {
            // what the scripts gave another owner than the build user (root here): listed, then handed
            // back to root, so that the build user can read and remove every entry afterwards
            // (/dev and /proc hold the host's devices and the namespace's processes: not the tree's)
            // (the list goes to descriptor 3, a file outside the tree that the host's shell opened)
            script.append("find / -xdev \\( -path /dev -o -path /proc \\) -prune -o \\( ! -user 0 -o ! -group 0 \\)"
                    + " -printf '%U %G %m %p\\0' >&3\n");
        }
        return script.toString();
    }

    /** What mmdebstrap leaves after apt: apt's folders as apt-get clean does, and nothing that records the build. */
    private static void cleanup(StringBuilder script) {
        // apt's folders as apt-get clean leaves them
        script.append("for d in /var/cache/apt/archives /var/lib/apt/lists; do mkdir -p $d/partial; : > $d/lock;"
                + " chmod 640 $d/lock; chown _apt:root $d/partial 2>/dev/null || true; chmod 700 $d/partial; done\n");
        // what records the build rather than the system, as mmdebstrap's cleanup removes it
        script.append("rm -f /var/log/dpkg.log /var/log/apt/history.log /var/log/apt/term.log /var/log/alternatives.log"
                + " /var/cache/ldconfig/aux-cache /var/log/apt/eipp.log.xz /var/lib/dbus/machine-id\n");
        script.append("if [ -e /etc/machine-id ]; then rm -f /etc/machine-id; : > /etc/machine-id; fi\n");
        script.append("find /run /tmp -mindepth 1 -maxdepth 1 ! -path /run/lock -exec rm -rf {} +\n");
    }

    /** No service starts while the scripts run (mmdebstrap's way): a policy-rc.d that refuses, a start-stop-daemon that does nothing. */
    private void guard() throws IOException {
        // written through GuestPath: a link a package put at these names is replaced, never followed
        GuestPath guest = new GuestPath(tree);
        Path stopDaemon = guest.parentResolved(STOP_DAEMON);
        swapped = Files.isRegularFile(stopDaemon, LinkOption.NOFOLLOW_LINKS);
        if (swapped) {
            Files.move(stopDaemon, guest.parentResolved(STOP_DAEMON + ".REAL"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            executable(guest.write(STOP_DAEMON, "#!/bin/sh\necho \"Warning: Fake start-stop-daemon called, doing nothing\"\n"));
        }
        executable(guest.write(POLICY, "#!/bin/sh\nexit 101\n"));
    }

    private void unguard() throws IOException {
        GuestPath guest = new GuestPath(tree);
        // resolved again: the scripts may have changed what the names lead to
        Path policyNow = guest.parentResolved(POLICY);
        if (Files.isRegularFile(policyNow, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(policyNow);
        }
        Path realNow = guest.parentResolved(STOP_DAEMON + ".REAL");
        if (swapped && Files.isRegularFile(realNow, LinkOption.NOFOLLOW_LINKS)) {
            Files.move(realNow, guest.parentResolved(STOP_DAEMON), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        swapped = false;
    }

    private List<String> inChroot(String script, Path owners) throws IOException {
        Path text = Files.createTempFile(work, "maintainer-scripts", ".sh");
        try {
            Files.writeString(text, script, StandardCharsets.UTF_8);
            return inChroot(text.toAbsolutePath(), owners);
        } finally {
            Files.deleteIfExists(text);
        }
    }

    private List<String> inChroot(Path script, Path owners) throws IOException {
        List<String> command = new ArrayList<>(ProcessGroup.leader());
        // a mount and PID namespace of its own: /proc of the chroot shows its processes only, and every
        // mount goes when the last of them ends
        String setup = "set -e; mount -t proc proc \"$1/proc\"; " + JOURNAL_IN_MEMORY;
        // not exec'd: the namespace's first process stays outside the chroot, so the guest's ischroot
        // sees a chroot (/proc/1/root is not its /), as under mmdebstrap; exec'd, libc6's postinst
        // took the guest for a booted system and ran "telinit u; sleep 1" (a second of every build).
        // The "exit" after it keeps bash and busybox sh (the host's sh on some machines) from
        // exec'ing the chroot in place of the shell as the last command of -c
        if (root) {
            command.addAll(List.of("unshare", "--mount", "--pid", "--fork", "--kill-child", "--", "sh", "-c",
                    setup + GUEST_SHELL, "sh", tree.toString(), script.toString()));
        } else {
            String binds = "for d in null zero full random urandom tty; do mount --bind /dev/$d \"$1/dev/$d\"; done; ";
            command.addAll(List.of("unshare", "--map-root-user", "--map-auto", "--mount", "--pid", "--fork",
                    "--kill-child", "--", "sh", "-c", setup + binds + "exec 3>\"$3\"; " + GUEST_SHELL, "sh",
                    tree.toString(), script.toString(), owners.toString()));
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        pb.environment().put("LC_ALL", "C.UTF-8");
        pb.environment().put("HOME", "/root");
        pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
        pb.environment().put("DEBCONF_NONINTERACTIVE_SEEN", "true");
        pb.environment().put("SOURCE_DATE_EPOCH", Long.toString(sourceDateEpoch));
        Process process;
        if (stopping) {
            throw RootfsException.environment("The build was stopped before the maintainer scripts ran in " + tree);
        }
        try {
            process = pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            this.process = process;
            if (stopping) {
                stop(); // the stop came as it started: it saw no process
            }
        } catch (IOException e) {
            throw RootfsException.environment("Cannot run the maintainer scripts: " + e.getMessage() + ". They run in a"
                    + " chroot set up by unshare (util-linux); install it, or build with -Drootfs.backend=host.", e);
        }
        List<String> lines = new ArrayList<>();
        Deque<String> tail = new ArrayDeque<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
                log.debug("  " + line);
                tail.addLast(line);
                if (tail.size() > TAIL) {
                    tail.removeFirst();
                }
            }
            int code = process.waitFor();
            if (code != 0) {
                throw RootfsException.environment("The maintainer scripts failed (exit " + code + ") in the chroot of "
                        + tree + (root ? "" : " (a user namespace)") + "; their last lines:\n  "
                        + String.join("\n  ", tail) + "\nBuild with -Drootfs.backend=host to have dpkg install the"
                        + " packages instead.");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw RootfsException.environment("Interrupted while the maintainer scripts ran", e);
        }
        return lines;
    }

    /** Stops the scripts, if they run, and everything they started (the process group), within a grace period. */
    void stop() {
        stopping = true;
        Process p = process;
        if (p != null && p.isAlive()) {
            log.warn("Stopping the maintainer scripts (process group " + p.pid() + ")");
            if (!new ProcessGroup(p.pid()).stop(GRACE)) {
                log.warn("They did not end within " + GRACE.toSeconds() + " s: killed");
            }
        }
    }

    private static void executable(Path file) throws IOException {
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
