package io.rootfs.core.pipeline;

import io.rootfs.core.script.BuildReport;
import io.rootfs.core.script.Leftovers;
import io.rootfs.core.script.ScriptRun;

/** Runs the distro's build_rootfs through the backend, checks what it left, and reads what it settled on. */
final class BuildRootfsStage implements Stage {
    @Override
    public String name() {
        return "build_rootfs";
    }

    @Override
    public String run(BuildState s) {
        s.scripts.run(new ScriptRun(s.env, s.work.run(), s.work.log(), s.staging, s.prepared.mirror(),
                s.work::scriptStarted));
        s.work.scriptEnded();
        Leftovers.check(s.staging, s.work.dir(), s.log);
        s.report = BuildReport.read(s.work.report());
        return "the distro's build logic ran in " + s.staging;
    }
}
