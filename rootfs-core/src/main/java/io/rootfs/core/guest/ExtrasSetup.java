package io.rootfs.core.guest;

import io.rootfs.api.KataExtras;
import io.rootfs.core.tree.GuestPath;
import io.rootfs.core.tree.GuestWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Current Kata's finishing steps beyond the agent ({@link KataExtras}), as its rootfs.sh does them. */
final class ExtrasSetup {
    static final String POLICY_DIR = "/etc/kata-opa";
    static final String DEFAULT_POLICY = "default-policy.rego";
    static final String RUN_TMPFS = "tmpfs /run tmpfs nodev,nosuid,size=50% 0 0";
    static final String REMOUNT = "Requires=systemd-remount-fs.service";

    private ExtrasSetup() {
    }

    /** Applies each step asked for; returns what was done, for the log. */
    static List<String> apply(GuestPath guest, GuestPlan plan) throws IOException {
        KataExtras x = plan.extras();
        List<String> done = new ArrayList<>();
        if (x.confidentialGuest() && plan.hasAgent() && !plan.agentInit()) {
            // systemd gives /run 10 % of the memory, too little even for small images
            Path fstab = guest.resolve("/etc/fstab");
            String kept = Files.isRegularFile(fstab, LinkOption.NOFOLLOW_LINKS) ? Files.readAllLines(fstab).stream()
                    .filter(l -> !l.contains("/run")).map(l -> l + "\n").collect(Collectors.joining()) : "";
            guest.write("/etc/fstab", kept + RUN_TMPFS + "\n");
            String target = KataUnits.UNIT_DIR + "/" + KataUnits.TARGET;
            Path unit = guest.resolve(target);
            // a unit the distro (or a tarball) left: read only as a plain file of modest size, else Kata's own
            String text = Files.isRegularFile(unit, LinkOption.NOFOLLOW_LINKS) && Files.size(unit) < 65536
                    ? Files.readString(unit) : KataUnits.TARGET_TEXT;
            if (!text.lines().anyMatch(l -> l.matches("^Requires=.*systemd-remount-fs\\.service.*"))) {
                guest.write(target, text + (text.endsWith("\n") ? "" : "\n") + REMOUNT + "\n");
            }
            done.add("confidential guest: /run a tmpfs of 50% of the memory, " + KataUnits.TARGET + " requires"
                    + " systemd-remount-fs.service");
        }
        if (x.agentPolicyFile() != null) {
            String name = x.agentPolicyFile().getFileName().toString();
            try (InputStream in = Files.newInputStream(x.agentPolicyFile())) {
                new GuestWriter(guest, "rootfs.agentPolicyFile=" + x.agentPolicyFile()).file(POLICY_DIR + "/" + name, in, 0644);
            }
            if (name.equals(DEFAULT_POLICY)) {
                done.add("agent policy " + POLICY_DIR + "/" + name);
            } else {
                guest.link(POLICY_DIR + "/" + DEFAULT_POLICY, name);
                done.add("agent policy " + POLICY_DIR + "/" + name + " (" + DEFAULT_POLICY + " links to it)");
            }
        }
        unpack(guest, x.guestHooksTarball(), "GUEST_HOOKS_TARBALL", done);
        unpack(guest, x.pauseImageTarball(), "PAUSE_IMAGE_TARBALL", done);
        unpack(guest, x.cocoGuestComponentsTarball(), "COCO_GUEST_COMPONENTS_TARBALL", done);
        return done;
    }

    private static void unpack(GuestPath guest, Path tarball, String what, List<String> done) throws IOException {
        if (tarball != null) {
            done.add(what + ": " + AgentInstaller.unpack(guest, tarball, what));
        }
    }
}
