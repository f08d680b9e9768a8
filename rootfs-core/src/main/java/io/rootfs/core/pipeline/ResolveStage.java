package io.rootfs.core.pipeline;

import io.rootfs.core.distro.DistroResolver;

/** Finds the distro the user named, reading what it says about itself; unpacks and runs nothing. */
final class ResolveStage implements Stage {
    @Override
    public String name() {
        return "resolve";
    }

    @Override
    public String run(BuildState s) {
        s.distro = new DistroResolver(s.builder.bundled(), s.request.distrosDir(), s.request.projectDir(),
                s.builder.distros()).resolve(s.request.distro());
        return s.distro.id() + " from " + s.distro.origin() + " (" + s.distro.source().label() + ")";
    }
}
