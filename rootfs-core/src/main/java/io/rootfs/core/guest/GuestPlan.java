package io.rootfs.core.guest;

import io.rootfs.api.AgentSource;
import io.rootfs.api.Arch;
import java.nio.file.Path;
import java.util.List;

/**
 * What the finishing steps need to know, once the distro's build_rootfs has run.
 *
 * @param agent          where the agent comes from (already checked by the preflight)
 * @param agentFile      the resolved agent file (binary or tarball), or {@code null} for none
 * @param distroName     the base distro's name for osbuilder.yaml
 * @param packages       the distro's package list
 * @param extraPackages  the packages added on top
 * @param builderName    who built it (osbuilder url), e.g. Maven coordinates of the plugin
 * @param builderVersion the builder's version
 */
public record GuestPlan(Arch arch, AgentSource agent, Path agentFile, boolean agentInit, Path kernelModules,
        boolean pruneSystemd, Path overlay, String distroName, String osVersion, List<String> packages,
        List<String> extraPackages, long sourceDateEpoch, String builderName, String builderVersion) {

    public GuestPlan {
        packages = List.copyOf(packages);
        extraPackages = List.copyOf(extraPackages);
    }

    public boolean hasAgent() {
        return agentFile != null;
    }
}
