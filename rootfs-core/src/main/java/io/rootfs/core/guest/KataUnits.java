package io.rootfs.core.guest;

import io.rootfs.core.tree.GuestPath;
import java.io.IOException;

/** The systemd units that start the agent when systemd is init, written as Kata's builder does. */
final class KataUnits {
    static final String UNIT_DIR = "/usr/lib/systemd/system";
    static final String AGENT_SERVICE = "kata-agent.service";
    static final String TARGET = "kata-containers.target";

    static final String AGENT_SERVICE_TEXT = """
            [Unit]
            Description=Kata Containers Agent
            Wants=kata-containers.target

            [Service]
            # The agent's output goes to the console, where the runtime collects it.
            StandardOutput=tty
            Type=simple
            ExecStart=/usr/bin/kata-agent
            LimitNOFILE=1048576
            # The VM has nothing to do without its agent: stop it with the agent.
            ExecStop=/bin/sync ; /usr/bin/systemctl --force poweroff
            FailureAction=poweroff
            # The OOM killer should pick anything but the agent.
            OOMScoreAdjust=-997
            """;

    static final String TARGET_TEXT = """
            [Unit]
            Description=Kata Containers Agent Target
            Requires=basic.target
            Requires=tmp.mount
            Wants=chronyd.service
            Requires=kata-agent.service
            Conflicts=rescue.service rescue.target
            After=basic.target rescue.service rescue.target
            AllowIsolate=yes
            """;

    private KataUnits() {
    }

    /** Writes both units (keeping ones a tarball brought) and wires the target into basic.target. */
    static String install(GuestPath guest) throws IOException {
        String kept = "";
        if (guest.exists(UNIT_DIR + "/" + AGENT_SERVICE)) {
            kept = " (kept the " + AGENT_SERVICE + " the agent tarball brought)";
        } else {
            guest.write(UNIT_DIR + "/" + AGENT_SERVICE, AGENT_SERVICE_TEXT);
        }
        if (!guest.exists(UNIT_DIR + "/" + TARGET)) {
            guest.write(UNIT_DIR + "/" + TARGET, TARGET_TEXT);
        }
        guest.link("/etc/systemd/system/basic.target.wants/" + TARGET, UNIT_DIR + "/" + TARGET);
        // as current Kata's rootfs.sh does: the target pulls in D-Bus's socket
        guest.link("/etc/systemd/system/" + TARGET + ".wants/dbus.socket", UNIT_DIR + "/dbus.socket");
        return AGENT_SERVICE + " and " + TARGET + " wired into basic.target, dbus.socket into " + TARGET + kept;
    }
}
