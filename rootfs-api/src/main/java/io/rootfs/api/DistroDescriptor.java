package io.rootfs.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * What a distro artifact says about itself without running anything: read from
 * {@value #FILE} beside its {@code config.sh}.
 *
 * @param id          the short name users type ({@code -Ddistro=debian})
 * @param name        a display name
 * @param description one sentence
 * @param hostTools   programs the host backend needs; each entry lists alternatives, one of which must exist
 * @param mirrorFromHostApt whether the host's apt sources give a default mirror ({@code REPO_URL})
 * @param upstream    the upstream's status, e.g. {@code active} or {@code archived}
 * @param unprivilegedTools programs with which the build also runs without root (in a user
 *                    namespace); empty when the distro needs root
 * @param installHint how to get the first of {@code hostTools} (the package manager) where
 *                    {@code apt-get install} cannot; empty for that default
 * @param containerPrivileged whether a container build needs a privileged container rather than
 *                    the SYS_ADMIN, SYS_CHROOT and MKNOD capabilities
 */
public record DistroDescriptor(String id, String name, String description, List<List<String>> hostTools,
        boolean mirrorFromHostApt, String upstream, List<String> unprivilegedTools, String installHint,
        boolean containerPrivileged) {

    /** The descriptor's file name, inside the distro folder. */
    public static final String FILE = "distro.properties";
    /** The folder inside a distro jar that holds the distro folder. */
    public static final String JAR_FOLDER = "rootfs-distro";

    public DistroDescriptor {
        hostTools = List.copyOf(hostTools);
        unprivilegedTools = List.copyOf(unprivilegedTools);
    }

    /** A descriptor for a plain Kata folder that carries none: its name is the folder's. */
    public static DistroDescriptor ofFolder(String id) {
        return new DistroDescriptor(id, id, "", List.of(), false, "", List.of(), "", false);
    }

    public static DistroDescriptor fromProperties(Properties p, String fallbackId) {
        String id = p.getProperty("id", fallbackId).trim();
        List<List<String>> tools = new ArrayList<>();
        for (String group : words(p.getProperty("host.tools", ""))) {
            tools.add(Arrays.asList(group.split("\\|")));
        }
        return new DistroDescriptor(id, p.getProperty("name", id).trim(), p.getProperty("description", "").trim(),
                tools, "host-apt".equals(p.getProperty("mirror", "").trim()), p.getProperty("upstream", "").trim(),
                words(p.getProperty("unprivileged.tools", "")), p.getProperty("host.tools.install", "").trim(),
                Boolean.parseBoolean(p.getProperty("container.privileged", "false").trim()));
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }
}
