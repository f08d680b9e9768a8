package io.rootfs.core.pipeline;

import io.rootfs.api.BuildLog;
import io.rootfs.api.BuildRequest;
import io.rootfs.core.distro.ArtifactResolver;
import io.rootfs.core.distro.BundledDistros;
import io.rootfs.core.host.Host;
import io.rootfs.core.host.StrayProcesses;
import io.rootfs.core.output.DirectoryOutput;
import io.rootfs.core.output.WorkFolder;
import io.rootfs.core.script.ScriptOutput;
import io.rootfs.core.tree.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One rootfs build, as a list of stages: resolve and preflight (which write nothing), then, in the
 * target's work folder and under its lock, the up-to-date check (which ends a build whose inputs
 * and outputs are unchanged), backend, build_rootfs, guest, check, reproducible, manifest and output. Each stage logs what it did and how long it took; an interrupted or failed
 * build leaves the previous rootfs where it was.
 */
public final class RootfsBuild {
    /** The stages that only read and check. */
    static final List<Stage> PREPARE = List.of(new ResolveStage(), new PreflightStage());
    /** The stages that build, in the work folder. */
    static final List<Stage> BUILD = List.of(new BackendStage(), new BuildRootfsStage(), new GuestStage(),
            new CheckStage(), new ReproducibleStage(), new ManifestStage(), new OutputStage());

    private final BuildState.Builder builder;
    private final Host host;
    private final BuildLog log;

    /**
     * @param distroArtifacts resolves distro coordinates
     * @param agentArtifacts  resolves rootfs.agentArtifact
     * @param builderName     who builds, written into osbuilder.yaml (e.g. the plugin's coordinates)
     */
    public RootfsBuild(BundledDistros bundled, ArtifactResolver distroArtifacts, ArtifactResolver agentArtifacts,
            Host host, BuildLog log, String builderName) {
        this.builder = new BuildState.Builder(bundled, distroArtifacts, agentArtifacts, builderName);
        this.host = host;
        this.log = log;
    }

    public BuildSummary run(BuildRequest request) {
        // resolve and preflight write nothing, so whether target/ is there now is whether this run made it
        boolean buildDirMade = request.leaveNothingOnFailure()
                && !Files.exists(request.buildDir(), LinkOption.NOFOLLOW_LINKS);
        return build(request, buildDirMade);
    }

    /**
     * Outside a project, a build that failed leaves nothing it made: its work folder (removed only
     * when this build made it and held its lock, so never another build's), then target/ if this run
     * made it and it is empty now (never removed with anything in it).
     */
    private RuntimeException leaveNothing(RuntimeException failure, Path workDir, Path buildDir, boolean buildDirMade) {
        List<Path> removed = new java.util.ArrayList<>();
        try {
            Trees.deleteIfExists(workDir);
            removed.add(workDir);
            if (buildDirMade) {
                Files.delete(buildDir);
                removed.set(0, buildDir);
            }
        } catch (java.nio.file.DirectoryNotEmptyException kept) {
            // another build put something there meanwhile: it stays
        } catch (IOException e) {
            log.warn("Could not remove what this failed build made: " + e.getMessage());
        }
        if (!removed.isEmpty()) {
            log.info("Nothing was built, so nothing is left: removed " + removed.get(0)
                    + ", made by this run outside a project");
        }
        return ScriptOutput.withoutLogPointer(failure);
    }

    private BuildSummary build(BuildRequest request, boolean buildDirMade) {
        long start = System.nanoTime();
        BuildState s = new BuildState(request, host, log, builder);
        Prefetch prefetch = Prefetch.start(request);
        PREPARE.forEach(stage -> run(stage, s));
        DirectoryOutput output = s.prepared.output();
        Path workDir = WorkFolder.beside(output.target());
        boolean workMade = !Files.exists(workDir, LinkOption.NOFOLLOW_LINKS);
        long checking = System.nanoTime();
        Map<String, String> inputs = UpToDate.inputs(s, prefetch);
        boolean locked = false;
        try (WorkFolder work = output.open(log)) {
            locked = true;
            s.work = work;
            UpToDate.Verdict verdict = request.rebuild() ? new UpToDate.Verdict(Optional.empty(),
                    "rebuilding: rootfs.rebuild=true") : UpToDate.check(s, inputs, prefetch);
            double seconds = (System.nanoTime() - checking) / 1e9;
            s.stages.add(new BuildState.Timed("up-to-date", seconds));
            log.info(String.format("Stage up-to-date: %s (%.1f s)", verdict.why(), seconds));
            if (verdict.same().isPresent()) {
                return verdict.same().get();
            }
            UpToDate.refuseOffline(s, verdict);
            UpToDate.forget(s);
            boolean done = false;
            Runnable stopScripts = () -> {
                if (s.scripts != null) {
                    s.scripts.stop();
                }
            };
            Runnable strays = () -> StrayProcesses.stop(work.dir(), Duration.ofSeconds(10));
            try (InterruptCleanup onInterrupt = new InterruptCleanup(log, List.of(stopScripts, strays,
                    output::discard))) {
                BUILD.forEach(stage -> run(stage, s));
                done = true;
                BuildSummary summary = summarize(s, start);
                java.nio.file.Path report = BuildRecord.write(s, summary);
                List<BuildSummary.Output> files = new java.util.ArrayList<>(s.delivered.stream()
                        .map(d -> new BuildSummary.Output(d.format(), d.file())).toList());
                files.add(new BuildSummary.Output("report", report));
                summary = new BuildSummary(summary.distro(), summary.osVersion(), summary.packages(),
                        summary.packagesInstalled(), summary.bytes(), summary.rootfs(), summary.seconds(), files);
                UpToDate.record(s, inputs, summary);
                log.info(summary.line());
                return summary;
            } finally {
                if (!done) {
                    output.discard();
                    log.info("The previous rootfs (if any) is untouched: " + output.target());
                }
            }
        } catch (RuntimeException e) {
            if (locked && workMade && request.leaveNothingOnFailure()
                    && !Files.exists(output.target(), LinkOption.NOFOLLOW_LINKS)) {
                throw leaveNothing(e, workDir, request.buildDir(), buildDirMade);
            }
            throw e;
        }
    }

    private void run(Stage stage, BuildState s) {
        long t = System.nanoTime();
        String what = stage.run(s);
        double seconds = (System.nanoTime() - t) / 1e9;
        s.stages.add(new BuildState.Timed(stage.name(), seconds));
        log.info(String.format("Stage %s: %s (%.1f s)", stage.name(), what, seconds));
    }

    private static BuildSummary summarize(BuildState s, long start) {
        // the driver counts what the package database holds; without one, what was asked for
        String counted = s.report.get("INSTALLED_PACKAGES");
        boolean installed = counted.matches("\\d+");
        int packages = installed ? Integer.parseInt(counted)
                : s.report.words("PACKAGES").size() + s.report.words("EXTRA_PKGS").size();
        long bytes = s.tree.manifest().entries().stream().mapToLong(io.rootfs.core.tree.TreeEntry::size).sum();
        return new BuildSummary(s.distro.id(), s.report.get("OS_VERSION"), packages, installed, bytes,
                s.prepared.output().target(), (System.nanoTime() - start) / 1e9, List.of());
    }
}
