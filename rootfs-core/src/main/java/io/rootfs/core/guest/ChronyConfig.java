package io.rootfs.core.guest;

import io.rootfs.core.tree.GuestPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** chrony follows the host through the PTP clock the hypervisor exposes, never the network. */
final class ChronyConfig {
    static final String PTP_LINES = """
            # rootfs-maven-plugin: follow the host's clock through the hypervisor's PTP device
            refclock PHC /dev/ptp0 poll 3 dpoll -2 offset 0
            # step the clock at any time when it is more than a second off
            makestep 1 -1
            """;
    static final String CONDITION = "ConditionPathExists=/dev/ptp0";

    private static final List<String> CONFIGS = List.of("/etc/chrony/chrony.conf", "/etc/chrony.conf");
    private static final List<String> UNITS = List.of("/usr/lib/systemd/system/chronyd.service",
            "/usr/lib/systemd/system/chrony.service", "/lib/systemd/system/chronyd.service",
            "/lib/systemd/system/chrony.service");

    private ChronyConfig() {
    }

    /** Returns false when chrony is not installed. */
    static boolean apply(GuestPath guest) throws IOException {
        Path conf = null;
        for (String c : CONFIGS) {
            Path p = guest.resolve(c);
            if (Files.isRegularFile(p)) {
                conf = p;
                break;
            }
        }
        if (conf == null) {
            return false;
        }
        StringBuilder out = new StringBuilder();
        for (String line : Files.readAllLines(conf)) {
            boolean source = line.startsWith("server ") || line.startsWith("pool ") || line.startsWith("peer ")
                    || line.startsWith("sourcedir ");
            out.append(source ? "# " : "").append(line).append('\n');
        }
        Files.writeString(conf, out + PTP_LINES);
        Set<Path> units = new LinkedHashSet<>();
        for (String u : UNITS) {
            Path p = guest.resolve(u);
            if (Files.isRegularFile(p)) {
                units.add(p); // resolved inside the guest: never follow a guest link on the host
            }
        }
        for (Path unit : units) {
            String text = Files.readString(unit);
            if (!text.contains(CONDITION)) {
                Files.writeString(unit, text.replaceFirst("(?m)^\\[Unit]\\s*$", "[Unit]\n" + CONDITION));
            }
        }
        return true;
    }
}
