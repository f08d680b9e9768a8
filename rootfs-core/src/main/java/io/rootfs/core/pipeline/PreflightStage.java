package io.rootfs.core.pipeline;

/** Every check that can fail before any work, then where the build logic will run. */
final class PreflightStage implements Stage {
    @Override
    public String name() {
        return "preflight";
    }

    @Override
    public String run(BuildState s) {
        Preflight preflight = new Preflight(s.host, s.builder.agents(), s.log);
        s.prepared = preflight.check(s.request, s.distro);
        s.backend = BackendChoice.choose(s.request, s.distro, preflight, s.host.env());
        s.log.info(s.backend.logLine());
        return "arch " + s.request.arch() + ", rootfs " + s.prepared.output().target();
    }
}
