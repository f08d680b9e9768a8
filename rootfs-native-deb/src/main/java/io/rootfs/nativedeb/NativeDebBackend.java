package io.rootfs.nativedeb;

import io.rootfs.core.RootfsException;
import io.rootfs.core.host.ProxyRoute;
import io.rootfs.core.script.BuildReport;
import io.rootfs.core.script.HostBackend;
import io.rootfs.core.script.NativeBackendFactory;
import io.rootfs.core.script.ScriptBackend;
import io.rootfs.core.script.ScriptEnvironment;
import io.rootfs.core.script.ScriptRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The native backend's build_rootfs: the Kata driver reads the distro's config.sh (what Kata's
 * variables settle on: the release, PACKAGES, EXTRA_PKGS, the suite), then {@link DebianTreeBuild}
 * makes the tree, and the report is written as the driver writes it, with where the time went.
 */
final class NativeDebBackend implements ScriptBackend {
    /** Beside the driver's report variables: the suite Ubuntu's config names. */
    static final String SUITE = "DEBIAN_SUITE";

    private final NativeBackendFactory.Request request;
    private final HostBackend config;
    private volatile DebianTreeBuild current;

    NativeDebBackend(NativeBackendFactory.Request request) {
        this.request = request;
        this.config = new HostBackend(request.log());
    }

    @Override
    public void run(ScriptRun run) {
        java.time.Instant started = java.time.Instant.now();
        Map<String, String> env = new LinkedHashMap<>(run.environment());
        env.put(ScriptEnvironment.CONFIG_ONLY, "true");
        List<String> variables = new ArrayList<>(BuildReport.VARIABLES);
        variables.add(SUITE);
        variables.addAll(ArchiveKeys.VARIABLES);
        env.put("ROOTFS_REPORT_VARIABLES", String.join(" ", variables));
        config.run(new ScriptRun(env, run.workDir(), run.log(), run.staging(), run.mirror(), run.started()));
        BuildReport report = BuildReport.read(request.report());

        String mirror = run.mirror();
        if (mirror == null) {
            throw RootfsException.input("No Debian mirror: set -Drootfs.mirror=URL (this machine's apt sources name none).");
        }
        String suite = report.get(SUITE).isEmpty() ? report.get("OS_VERSION") : report.get(SUITE);
        if (!suite.matches("[a-z0-9][a-z0-9.-]{0,63}")) {
            throw RootfsException.input("The suite '" + suite + "' (OS_VERSION, or DEBIAN_SUITE of the distro's config)"
                    + " is not a Debian suite name: lower-case letters, digits, '.' and '-'.");
        }
        List<String> asked = new ArrayList<>(report.words("PACKAGES"));
        asked.addAll(report.words("EXTRA_PKGS"));
        String debArch = request.request().arch().debianName();
        Path cacheFolder = request.packageCache() != null ? request.packageCache()
                : request.runDir().resolve("native-cache");
        // next to the pom; a build without a project (mvn rootfs:build in any folder) keeps it in target/
        Path project = request.request().projectDir();
        Path lockFolder = Files.isRegularFile(project.resolve("pom.xml")) ? project : request.request().buildDir();
        Path lock = lockFolder.resolve(lockFileName(request.distro().id(), suite, debArch,
                "yes".equals(run.environment().get("AGENT_INIT"))));
        Path keptKeys = cacheFolder.resolve(ArchiveKeys.KEPT);
        ArchiveKeys.Trusted trusted = ArchiveKeys.trustedList(request.distro().folder(), report, request.runDir(),
                ProxyRoute.selector(request.request().proxies()), keptKeys, request.offline(), request.log());
        DebianTreeBuild.Settings settings = new DebianTreeBuild.Settings(mirror, suite, debArch, List.of("main"), asked,
                trusted.list(), request.staging(), request.root(),
                cacheFolder.resolve(CachePruning.DEBS),
                // decoded copies only where the cache is kept (rootfs.packageCache=none fetches into the run's folder)
                request.packageCache() != null ? cacheFolder.resolve(CachePruning.DECODED) : null,
                request.indexCache(), request.offline(), lock,
                request.request().locked(),
                ProxyRoute.selector(request.request().proxies()), request.request().sourceDateEpoch(), request.runDir(),
                request.runScripts());
        DebianTreeBuild build = new DebianTreeBuild(settings, request.log());
        current = build;
        DebianTreeBuild.Result result = build.run();
        ArchiveKeys.keep(trusted, keptKeys, request.log()); // InRelease was checked with it
        try {
            if (!request.root()) {
                result.recorded().write(request.recorded());
            }
            StringBuilder text = new StringBuilder(Files.readString(request.report(), StandardCharsets.UTF_8)
                    .replaceAll("(?m)^(INSTALLED_PACKAGES|REPO_INDEX_URL)=.*\n", ""));
            text.append("INSTALLED_PACKAGES=").append(result.packages().size()).append('\n');
            text.append("REPO_INDEX_URL=").append(mirror.replaceFirst("/*$", "")).append("/dists/").append(suite)
                    .append("/InRelease\n");
            // the phases one after another, then the signature's check, which ran beside them (within index's time)
            Map<String, Double> phases = new LinkedHashMap<>(result.phases());
            phases.put("verify", result.verify());
            text.append(BuildReport.PHASES).append('=').append(phases.entrySet().stream()
                    .map(e -> e.getKey() + "=" + String.format(java.util.Locale.ROOT, "%.3f", e.getValue()))
                    .collect(Collectors.joining(" "))).append('\n');
            Files.writeString(request.report(), text.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw RootfsException.environment("Cannot write " + request.report() + ": " + e.getMessage(), e);
        }
        if (request.request().packageCache() != null && request.packageCache() != null) {
            prune(request.request().packageCache(), cacheFolder, started);
        }
    }

    /**
     * Deletes what the cache keeps that no build used for rootfs.packageCache.keepDays, and says so
     * when there was some; a cache that cannot be pruned is said to be, and the build stands.
     */
    private void prune(Path root, Path ownFolder, java.time.Instant started) {
        int days = request.request().packageCacheKeepDays();
        try {
            CachePruning.Pruned gone = CachePruning.prune(root, ownFolder, java.time.Duration.ofDays(days), started,
                    java.time.Instant.now());
            if (gone.files() > 0) {
                request.log().info(String.format(java.util.Locale.ROOT, "Package cache %s: deleted %d %s (%.1f MB)"
                        + " no build used for %s (rootfs.packageCache.keepDays=%d)", root, gone.files(),
                        gone.files() == 1 ? "file" : "files", gone.bytes() / 1e6, days == 0 ? "an hour, nor this one"
                                : days + (days == 1 ? " day" : " days"), days));
            }
        } catch (java.nio.file.FileSystemException e) {
            // a cache this build may only read (shared, or mounted read-only): not this build's to prune
            request.log().debug("Package cache " + root + " not pruned: " + e);
        } catch (IOException | RuntimeException e) {
            request.log().warn("Package cache " + root + " not pruned: " + e.getMessage() + ". Nothing was deleted"
                    + " from it; the build is done.");
        }
    }

    /** The lock file's name, next to the pom: one per distro, suite, architecture and init. */
    static String lockFileName(String distro, String suite, String debArch, boolean agentInit) {
        return "rootfs-" + distro + "-" + suite + "-" + debArch + (agentInit ? "-agent-init" : "") + ".lock.json";
    }

    @Override
    public void stop() {
        config.stop();
        DebianTreeBuild build = current;
        if (build != null) {
            build.stop();
        }
    }
}
