package io.rootfs.core.pipeline;

import io.rootfs.core.check.InitCheck;

/** The guest boots: /sbin/init is there, and the guest can start it and the agent. */
final class CheckStage implements Stage {
    @Override
    public String name() {
        return "check";
    }

    @Override
    public String run(BuildState s) {
        InitCheck.check(s.staging, s.distro.folder(), s.request.arch());
        return "/sbin/init is in place, and the guest can start it and the agent";
    }
}
