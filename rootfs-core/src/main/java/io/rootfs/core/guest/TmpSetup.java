package io.rootfs.core.guest;

import io.rootfs.core.tree.GuestPath;
import io.rootfs.core.tree.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code /var/tmp} becomes a link to {@code ../tmp}; with systemd, /tmp is a tmpfs via tmp.mount. */
final class TmpSetup {
    static final String TMP_MOUNT = """
            [Unit]
            Description=Temporary Directory /tmp
            ConditionPathIsSymbolicLink=!/tmp
            DefaultDependencies=no
            Conflicts=umount.target
            Before=local-fs.target umount.target
            After=swap.target

            [Mount]
            What=tmpfs
            Where=/tmp
            Type=tmpfs
            Options=mode=1777,strictatime,nosuid,nodev,size=50%%,nr_inodes=1m
            """.replace("%%", "%");

    private TmpSetup() {
    }

    static void apply(GuestPath guest, boolean systemd) throws IOException {
        guest.mkdirs("/tmp");
        Path varTmp = guest.parentResolved("/var/tmp");
        if (Files.isDirectory(varTmp) && !Files.isSymbolicLink(varTmp)) {
            Trees.deleteIfExists(varTmp);
        }
        guest.link("/var/tmp", "../tmp");
        if (!systemd) {
            return;
        }
        Path shipped = guest.resolve("/usr/share/systemd/tmp.mount");
        if (Files.isRegularFile(shipped)) {
            guest.write("/etc/systemd/system/tmp.mount", Files.readString(shipped));
        } else {
            guest.write("/etc/systemd/system/tmp.mount", TMP_MOUNT);
        }
    }
}
