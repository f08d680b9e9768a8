package io.rootfs.core.guest;

import io.rootfs.api.BuildLog;
import io.rootfs.core.RootfsException;
import io.rootfs.core.tree.GuestPath;
import io.rootfs.core.tree.GuestWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Kata's finishing steps over a freshly built distro tree: /var/tmp and tmp.mount, kernel modules,
 * chrony on the PTP clock, the agent (as init, or as a systemd service), an empty resolv.conf,
 * current Kata's agent policy, tarballs and confidential-guest tweaks ({@link ExtrasSetup}), an empty
 * machine-id, optional pruning, the overlay, and osbuilder.yaml.
 */
public final class GuestSetup {
    private final BuildLog log;

    public GuestSetup(BuildLog log) {
        this.log = log;
    }

    public void finish(Path rootfs, GuestPlan plan) {
        GuestPath guest = new GuestPath(rootfs);
        try {
            TmpSetup.apply(guest, !plan.agentInit());
            log.info("Guest: /var/tmp -> ../tmp" + (plan.agentInit() ? "" : ", tmp.mount"));
            if (plan.kernelModules() != null) {
                // the folder's real name: a link, or a path ending in "/.", still names the kernel version
                String version = plan.kernelModules().toRealPath().getFileName().toString();
                int copied = new GuestWriter(guest, "rootfs.kernelModules=" + plan.kernelModules())
                        .copyTree(plan.kernelModules(), "/lib/modules/" + version);
                log.info("Guest: kernel modules: " + copied + " entries from " + plan.kernelModules() + " in /lib/modules/"
                        + version);
            }
            if (ChronyConfig.apply(guest)) {
                log.info("Guest: chrony follows /dev/ptp0, network time sources commented out");
            }
            installAgent(guest, plan);
            ExtrasSetup.apply(guest, plan).forEach(done -> log.info("Guest: " + done));
            guest.write("/etc/resolv.conf", "");
            // empty, as Kata's image builder leaves it: systemd makes one at boot, and no two guests share it
            guest.write("/etc/machine-id", "");
            if (plan.pruneSystemd()) {
                log.info("Guest: pruned " + SystemdPruner.apply(guest) + " unneeded systemd units");
            }
            if (plan.overlay() != null) {
                int copied = new GuestWriter(guest, "rootfs.overlay=" + plan.overlay()).copyTree(plan.overlay(), "/");
                log.info("Guest: overlay: " + copied + " entries from " + plan.overlay() + " copied over the rootfs");
            }
            guest.write(OsbuilderYaml.PATH, OsbuilderYaml.render(plan));
        } catch (IOException e) {
            throw RootfsException.environment("Finishing the guest in " + rootfs + " failed: " + e, e);
        }
    }

    private void installAgent(GuestPath guest, GuestPlan plan) throws IOException {
        if (!plan.hasAgent()) {
            log.warn("No kata-agent was installed: this rootfs is the distro alone and will not run containers."
                    + " Add one with -Drootfs.agent=/path/to/kata-agent (or rootfs.agentTarball, rootfs.agentArtifact).");
            return;
        }
        log.info("Guest: agent " + AgentInstaller.install(guest, plan.agent(), plan.agentFile()) + " -> "
                + AgentInstaller.AGENT);
        if (plan.agentInit()) {
            Path agent = guest.resolve(AgentInstaller.AGENT);
            try (var in = Files.newInputStream(agent)) {
                new GuestWriter(guest, "rootfs.agentInit").file("/sbin/init", in, 0755);
            }
            Files.delete(agent);
            log.info("Guest: the agent is init (/sbin/init)");
        } else {
            log.info("Guest: " + KataUnits.install(guest));
        }
    }
}
