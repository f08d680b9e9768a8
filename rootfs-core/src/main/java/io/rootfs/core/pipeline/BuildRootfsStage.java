package io.rootfs.core.pipeline;

import io.rootfs.core.RootfsException;
import io.rootfs.core.script.BuildReport;
import io.rootfs.core.script.Leftovers;
import io.rootfs.core.script.ScriptRun;
import io.rootfs.core.tree.Manifest;
import io.rootfs.core.tree.TarTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

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
        if (s.packageCache != null) {
            s.log.info(PackageCache.describe(s.packageCache));
        }
        Leftovers.check(s.staging, s.work.dir(), s.log);
        s.report = BuildReport.read(s.work.report());
        // a backend's own steps go into the build report (rootfs.build.json) under this stage
        s.report.phases().forEach((phase, seconds) -> s.stages.add(new BuildState.Timed(name() + "/" + phase, seconds)));
        Path tar = s.work.treeTar();
        if (Files.isRegularFile(tar, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Manifest recorded = TarTree.unpack(tar, s.staging, s.host.probe().isRoot());
                recorded.write(s.work.recorded());
                Files.delete(tar);
                return "the distro's build logic delivered the tree as a tar stream: " + recorded.size()
                        + " entries unpacked into " + s.staging + ", their owners and devices recorded";
            } catch (IOException e) {
                throw RootfsException.environment("Cannot unpack the tree " + tar + ": " + e.getMessage(), e);
            }
        }
        return "the distro's build logic ran in " + s.staging;
    }
}
