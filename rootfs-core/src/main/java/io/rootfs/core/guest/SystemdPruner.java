package io.rootfs.core.guest;

import io.rootfs.core.tree.GuestPath;
import io.rootfs.core.tree.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Removes systemd units a Kata guest never uses (consoles, timers, journal upload, ...). */
final class SystemdPruner {
    /** Unit names removed from every unit folder; each is something a one-container VM has no use for. */
    static final List<String> UNNEEDED = List.of(
            "getty@.service", "serial-getty@.service", "console-getty.service", "container-getty@.service",
            "getty.target", "getty-static.service", "systemd-ask-password-console.path",
            "systemd-ask-password-wall.path", "systemd-ask-password-console.service",
            "systemd-ask-password-wall.service", "apt-daily.timer", "apt-daily.service",
            "apt-daily-upgrade.timer", "apt-daily-upgrade.service", "dpkg-db-backup.timer",
            "dpkg-db-backup.service", "e2scrub_all.timer", "e2scrub_all.service", "fstrim.timer",
            "fstrim.service", "man-db.timer", "man-db.service", "systemd-tmpfiles-clean.timer",
            "systemd-journal-upload.service", "systemd-journal-remote.service", "systemd-journal-remote.socket",
            "systemd-coredump.socket", "systemd-coredump@.service", "systemd-update-utmp.service",
            "systemd-update-utmp-runlevel.service", "remote-fs.target");
    private static final List<String> DIRS = List.of("/usr/lib/systemd/system", "/lib/systemd/system",
            "/etc/systemd/system", "/etc/systemd/system/timers.target.wants", "/etc/systemd/system/multi-user.target.wants",
            "/etc/systemd/system/getty.target.wants");

    private SystemdPruner() {
    }

    /** Returns how many files were removed. */
    static int apply(GuestPath guest) throws IOException {
        int removed = 0;
        for (String dir : DIRS) {
            Path d = guest.resolve(dir);
            if (!Files.isDirectory(d)) {
                continue;
            }
            for (String unit : UNNEEDED) {
                Path p = d.resolve(unit);
                if (Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(p)) {
                    Trees.deleteIfExists(p);
                    removed++;
                }
            }
        }
        return removed;
    }
}
