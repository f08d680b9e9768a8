package io.rootfs.core.pipeline;

import io.rootfs.api.Backend;
import io.rootfs.api.BuildLog;
import io.rootfs.api.BuildRequest;
import io.rootfs.core.RootfsException;
import io.rootfs.core.check.InitCheck;
import io.rootfs.core.distro.ArtifactResolver;
import io.rootfs.core.distro.BundledDistros;
import io.rootfs.core.distro.Distro;
import io.rootfs.core.distro.DistroResolver;
import io.rootfs.core.guest.GuestPlan;
import io.rootfs.core.guest.GuestSetup;
import io.rootfs.core.host.Host;
import io.rootfs.core.host.StrayProcesses;
import io.rootfs.core.output.DirectoryOutput;
import io.rootfs.core.output.WorkFolder;
import io.rootfs.core.script.BuildReport;
import io.rootfs.core.script.ContainerBackendFactory;
import io.rootfs.core.script.HostBackend;
import io.rootfs.core.script.Leftovers;
import io.rootfs.core.script.ScriptBackend;
import io.rootfs.core.script.ScriptEnvironment;
import io.rootfs.core.script.ScriptRun;
import io.rootfs.core.tree.MtimeClamp;
import io.rootfs.core.tree.Trees;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One rootfs build: resolve the distro, preflight, run its build_rootfs, finish the guest, check,
 * and swap the result into place. Each stage logs what it did and how long it took.
 */
public final class RootfsBuild {
    private final BundledDistros bundled;
    private final ArtifactResolver distroArtifacts;
    private final ArtifactResolver agentArtifacts;
    private final Host host;
    private final BuildLog log;
    private final String builderName;

    /**
     * @param distroArtifacts resolves distro coordinates
     * @param agentArtifacts  resolves rootfs.agentArtifact
     * @param builderName     who builds, written into osbuilder.yaml (e.g. the plugin's coordinates)
     */
    public RootfsBuild(BundledDistros bundled, ArtifactResolver distroArtifacts, ArtifactResolver agentArtifacts,
            Host host, BuildLog log, String builderName) {
        this.bundled = bundled;
        this.distroArtifacts = distroArtifacts;
        this.agentArtifacts = agentArtifacts;
        this.host = host;
        this.log = log;
        this.builderName = builderName;
    }

    public BuildSummary run(BuildRequest request) {
        long start = System.nanoTime();
        Distro found = timed("resolve", () -> new DistroResolver(bundled, request.distrosDir(), request.projectDir(),
                distroArtifacts).resolve(request.distro()),
                d -> d.id() + " from " + d.origin() + " (" + d.source().label() + ")");
        Preflight preflight = new Preflight(host, agentArtifacts, log);
        PreparedBuild prepared = timed("preflight", () -> preflight.check(request, found),
                p -> "arch " + request.arch() + ", rootfs " + p.output().target());
        BackendChoice backend = BackendChoice.choose(request, found, preflight, host.env());
        log.info(backend.logLine());
        DirectoryOutput output = prepared.output();
        // from here on the build writes: into the target's own work folder, under its lock
        try (WorkFolder work = output.open(log)) {
            Distro distro = found.unpackedInto(work.distros());
            Path staging = output.prepareStaging();
            Map<String, String> env = ScriptEnvironment.of(request, distro, prepared.agentInit(), staging, work.run(),
                    work.tmp(),
                    work.report(), prepared.mirror(), host.env(), host.probe().path());
            ScriptBackend scripts = backend.backend() == Backend.CONTAINER
                    ? timed("builder_image", () -> container(backend, request, distro, prepared, env, staging, work),
                            b -> "ready")
                    : new HostBackend(log);
            boolean done = false;
            Runnable strays = () -> StrayProcesses.stop(work.dir(), Duration.ofSeconds(10));
            try (InterruptCleanup onInterrupt = new InterruptCleanup(log, List.of(scripts::stop, strays,
                    output::discard))) {
                ScriptRun run = new ScriptRun(env, work.run(), work.log(), staging, prepared.mirror(),
                        work::scriptStarted);
                timed("build_rootfs", () -> {
                    scripts.run(run);
                    work.scriptEnded();
                    Leftovers.check(staging, work.dir(), log);
                    return run;
                }, r -> "the distro's build logic ran in " + staging);
                BuildReport settled = BuildReport.read(work.report());
                GuestPlan plan = new GuestPlan(request.arch(), request.agent(), prepared.agentFile(),
                        prepared.agentInit(), request.kernelModules(), request.pruneSystemd(), request.overlay(),
                        settled.get("OS_NAME").isEmpty() ? distro.descriptor().name() : settled.get("OS_NAME"),
                        settled.get("OS_VERSION"), settled.words("PACKAGES"), settled.words("EXTRA_PKGS"),
                        request.sourceDateEpoch(), builderName, bundled.version());
                timed("guest", () -> {
                    new GuestSetup(log).finish(staging, plan);
                    return plan;
                }, p -> "Kata finishing steps done");
                timed("check", () -> {
                    InitCheck.check(staging, distro.folder());
                    return staging;
                }, s -> "/sbin/init is in place, and the guest can start it and the agent");
                timed("reproducible", () -> {
                    try {
                        return MtimeClamp.clamp(staging, request.sourceDateEpoch());
                    } catch (IOException e) {
                        throw RootfsException.environment("Cannot set the times in " + staging + ": " + e.getMessage(), e);
                    }
                }, n -> n + " entries set to SOURCE_DATE_EPOCH " + Instant.ofEpochSecond(request.sourceDateEpoch()));
                timed("output", () -> {
                    output.commit();
                    return output.target();
                }, t -> "swapped into " + t + ", the previous rootfs removed");
                done = true;
                BuildSummary summary = summarize(distro, settled, output.target(), start);
                log.info(summary.line());
                return summary;
            } catch (IOException e) {
                throw RootfsException.environment("Build failed: " + e.getMessage(), e);
            } finally {
                if (!done) {
                    output.discard();
                    log.info("The previous rootfs (if any) is untouched: " + output.target());
                }
            }
        }
    }

    private ScriptBackend container(BackendChoice backend, BuildRequest request, Distro distro, PreparedBuild prepared,
            Map<String, String> env, Path staging, WorkFolder work) {
        String osVersion = request.osVersion() != null ? request.osVersion() : prepared.config().osVersion();
        ContainerBackendFactory factory = ServiceLoader.load(ContainerBackendFactory.class,
                RootfsBuild.class.getClassLoader()).findFirst().orElseThrow(() -> RootfsException.environment(
                        "The container backend (io.rootfs:rootfs-container) is not on the class path of this build."
                        + " Add it next to rootfs-core, or build with -Drootfs.backend=host."));
        String owner = host.probe().isRoot() ? null : host.probe().owner().orElse(null);
        if (owner != null) {
            log.warn("Maven runs as " + owner + ", not root: the files the container writes are handed to that user,"
                    + " so the rootfs holds no other owners. Build as root for a folder to boot from.");
        }
        return factory.create(new ContainerBackendFactory.Request(backend.engine(), request, distro, osVersion, env,
                request.projectDir(), distro.scriptDir(), work.run(), staging, work.report(), owner, log));
    }

    private BuildSummary summarize(Distro distro, BuildReport settled, Path rootfs, long start) throws IOException {
        // the driver counts what the package database holds; without one, what was asked for
        String counted = settled.get("INSTALLED_PACKAGES");
        boolean installed = counted.matches("\\d+");
        int packages = installed ? Integer.parseInt(counted)
                : settled.words("PACKAGES").size() + settled.words("EXTRA_PKGS").size();
        return new BuildSummary(distro.id(), settled.get("OS_VERSION"), packages, installed, Trees.size(rootfs),
                rootfs, (System.nanoTime() - start) / 1e9);
    }

    private <T> T timed(String stage, Supplier<T> work, Function<T, String> what) {
        long t = System.nanoTime();
        T result = work.get();
        log.info(String.format("Stage %s: %s (%.1f s)", stage, what.apply(result), (System.nanoTime() - t) / 1e9));
        return result;
    }
}
