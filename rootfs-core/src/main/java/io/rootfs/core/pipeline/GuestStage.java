package io.rootfs.core.pipeline;

import io.rootfs.core.guest.GuestPlan;
import io.rootfs.core.guest.GuestSetup;

/** Kata's finishing steps over what the distro installed. */
final class GuestStage implements Stage {
    @Override
    public String name() {
        return "guest";
    }

    @Override
    public String run(BuildState s) {
        String osName = s.report.get("OS_NAME");
        s.plan = new GuestPlan(s.request.arch(), s.request.agent(), s.prepared.agentFile(), s.prepared.agentInit(),
                s.request.kernelModules(), s.request.pruneSystemd(), s.request.overlay(),
                osName.isEmpty() ? s.distro.descriptor().name() : osName, s.report.get("OS_VERSION"),
                s.report.words("PACKAGES"), s.report.words("EXTRA_PKGS"), s.request.sourceDateEpoch(),
                s.builder.name(), s.builder.bundled().version(), s.request.kataExtras());
        new GuestSetup(s.log).finish(s.staging, s.plan);
        return "Kata finishing steps done";
    }
}
