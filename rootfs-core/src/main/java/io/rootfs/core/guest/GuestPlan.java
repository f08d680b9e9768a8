package io.rootfs.core.guest;

import io.rootfs.api.AgentSource;
import io.rootfs.api.Arch;
import io.rootfs.api.KataExtras;
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
 * @param extras         current Kata's finishing steps beyond the agent
 */
public record GuestPlan(Arch arch, AgentSource agent, Path agentFile, boolean agentInit, Path kernelModules,
        boolean pruneSystemd, Path overlay, String distroName, String osVersion, List<String> packages,
        List<String> extraPackages, long sourceDateEpoch, String builderName, String builderVersion, KataExtras extras) {

    public GuestPlan {
        packages = List.copyOf(packages);
        extraPackages = List.copyOf(extraPackages);
        extras = extras == null ? KataExtras.NONE : extras;
    }

    /** A plan without current Kata's extra finishing steps. */
    public GuestPlan(Arch arch, AgentSource agent, Path agentFile, boolean agentInit, Path kernelModules,
            boolean pruneSystemd, Path overlay, String distroName, String osVersion, List<String> packages,
            List<String> extraPackages, long sourceDateEpoch, String builderName, String builderVersion) {
        this(arch, agent, agentFile, agentInit, kernelModules, pruneSystemd, overlay, distroName, osVersion, packages,
                extraPackages, sourceDateEpoch, builderName, builderVersion, KataExtras.NONE);
    }

    public boolean hasAgent() {
        return agentFile != null;
    }
}
