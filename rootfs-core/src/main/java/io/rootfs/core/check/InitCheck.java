package io.rootfs.core.check;

import io.rootfs.api.Arch;
import io.rootfs.core.RootfsException;
import io.rootfs.core.guest.AgentInstaller;
import io.rootfs.core.tree.GuestPath;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A guest boots only if {@code /sbin/init} is an executable or a link (Kata's own last check), and
 * only if the guest can start it and the agent: they are programs for its architecture, and their
 * loader and libraries are inside the tree.
 */
public final class InitCheck {
    /** The line the scaffold's build_rootfs stub carries, so the failure can say what to do. */
    public static final String STUB_MARKER = "ROOTFS_SCAFFOLD_STUB";

    private InitCheck() {
    }

    /**
     * @param distroFolder the distro folder, to name the file to fix
     * @param arch         the guest's architecture, which init and the agent must be for
     */
    public static void check(Path rootfs, Path distroFolder, Arch arch) {
        GuestPath guest = new GuestPath(rootfs);
        Path init = guest.parentResolved("/sbin/init");
        if (Files.isSymbolicLink(init) || Files.isRegularFile(init) && Files.isExecutable(init)) {
            LoaderCheck loader = new LoaderCheck(guest, arch);
            loader.check("/sbin/init");
            if (Files.exists(guest.resolve(AgentInstaller.AGENT), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                loader.check(AgentInstaller.AGENT);
            }
            return;
        }
        Path lib = distroFolder.resolve("rootfs_lib.sh");
        String why;
        try {
            why = Files.isRegularFile(lib) && Files.readString(lib).contains(STUB_MARKER)
                    ? " build_rootfs in " + lib + " is still the scaffold's stub: implement it so that it installs"
                            + " the distro with an init system (or set rootfs.agentInit=true with an agent)."
                    : " The distro's build_rootfs (" + lib + ") must install an init system, such as systemd-sysv,"
                            + " or set rootfs.agentInit=true with an agent.";
        } catch (java.io.IOException e) {
            why = "";
        }
        throw RootfsException.input("The rootfs has no executable /sbin/init, so the guest cannot boot." + why);
    }
}
