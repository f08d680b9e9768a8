package io.rootfs.core.pipeline;

import io.rootfs.core.RootfsException;
import io.rootfs.core.json.JsonReader;
import io.rootfs.core.json.JsonWriter;
import io.rootfs.core.output.Digests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a build would make what is already there. Every input is recorded with the rootfs (in
 * {@code NAME.work/inputs.json}) by the name the user knows it by: the distro's content, each
 * resolved parameter, the agent, overlay and kernel modules, the plugin's own code, and the digest
 * of the distro repository's index file. A build whose inputs all match, whose repository index
 * is unchanged, and whose rootfs and output files are as that build left them, does nothing.
 *
 * <p>The record is removed before a build changes anything and written after it succeeded, so a
 * build stopped half way never leaves a record that speaks for a tree it did not make.
 */
final class UpToDate {
    static final String FILE = "inputs.json";
    /** The input that stands for the repository: its index file's digest, read again at each check. */
    static final String INDEX = "repository index";

    private UpToDate() {
    }

    /** The inputs of this build that are known before it runs, in a fixed order. */
    static Map<String, String> inputs(BuildState s, Prefetch prefetch) {
        var r = s.request;
        var p = s.prepared;
        Map<String, String> in = new LinkedHashMap<>();
        try {
            in.put("distro", s.distro.origin() + " " + (s.distro.jar() != null ? Digests.sha256(s.distro.jar())
                    : Digests.sha256Tree(s.distro.folder())));
            in.put("rootfs.osVersion", String.valueOf(r.osVersion()));
            in.put("rootfs.packages", String.valueOf(r.packages()));
            in.put("rootfs.extraPackages", String.valueOf(io.rootfs.core.script.ScriptEnvironment.extraPackages(r,
                    s.host.env())));
            in.put("rootfs.arch", r.arch().kataName());
            in.put("rootfs.backend", s.backend.backend().name());
            in.put("rootfs.builderImage", String.valueOf(r.builderImage()));
            in.put("rootfs.agentInit", String.valueOf(p.agentInit()));
            in.put("rootfs.seccomp", String.valueOf(r.seccomp()));
            in.put("rootfs.pruneSystemd", String.valueOf(r.pruneSystemd()));
            in.put("environment", String.valueOf(new java.util.TreeMap<>(r.environment())));
            in.put("rootfs.mirror", String.valueOf(p.mirror()));
            in.put("SOURCE_DATE_EPOCH", String.valueOf(r.sourceDateEpoch()));
            in.put("rootfs.formats", r.outputs().toString());
            in.put("rootfs.dir", p.output().target().toString());
            in.put("agent", digestOrNone(p.agentFile()));
            in.put("rootfs.overlay", r.overlay() == null ? "none" : Digests.sha256Tree(r.overlay()));
            in.put("rootfs.kernelModules", r.kernelModules() == null ? "none" : Digests.sha256Tree(r.kernelModules()));
            var x = r.kataExtras();
            in.put("rootfs.agentPolicyFile", digestOrNone(x.agentPolicyFile()));
            in.put("rootfs.guestHooksTarball", digestOrNone(x.guestHooksTarball()));
            in.put("rootfs.pauseImageTarball", digestOrNone(x.pauseImageTarball()));
            in.put("rootfs.cocoGuestComponentsTarball", digestOrNone(x.cocoGuestComponentsTarball()));
            in.put("rootfs.confidentialGuest", String.valueOf(x.confidentialGuest()));
            in.put("plugin", s.builder.name() + " " + prefetch.code());
        } catch (IOException e) {
            throw RootfsException.environment("Cannot read an input of the build to digest it: " + e.getMessage(), e);
        }
        return in;
    }

    private static String digestOrNone(Path file) throws IOException {
        return file == null ? "none" : Digests.sha256(file);
    }

    /** The outcome of a check: the recorded build when nothing changed, else why it runs again. */
    record Verdict(Optional<BuildSummary> same, String why) {
    }

    /** Compares {@code inputs} and what is on disk with the record in the work folder. */
    /** The index url of a build that ran offline from the package cache's kept index. */
    private static final String KEPT = "kept-in:";

    static Verdict check(BuildState s, Map<String, String> inputs, Prefetch prefetch) {
        Path file = s.work.dir().resolve(FILE);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return rebuild("no record of an earlier build");
        }
        try {
            return compare(s, inputs, JsonReader.asObject(JsonReader.read(Files.readString(file))), prefetch);
        } catch (IOException | RuntimeException e) {
            return rebuild("the record " + file + " cannot be read (" + e + ")");
        }
    }

    private static Verdict compare(BuildState s, Map<String, String> inputs, Map<String, Object> record, Prefetch prefetch) {
        Map<String, Object> before = JsonReader.asObject(record.get("inputs"));
        List<String> changed = new ArrayList<>();
        inputs.forEach((k, v) -> {
            if (!v.equals(before.get(k))) {
                changed.add(k);
            }
        });
        if (!changed.isEmpty()) {
            return rebuild(String.join(", ", changed) + " changed");
        }
        Object url = before.get(INDEX + " url");
        if (url instanceof String kept && kept.startsWith(KEPT)) {
            // the last build ran offline from the package cache's kept index
            if (!s.request.offline()) {
                return rebuild("the last build ran offline from the package cache; the repository may have changed since");
            }
            if (!PackageCache.keptIndexDigest(s).equals(Optional.ofNullable((String) before.get(INDEX)))) {
                return rebuild("the package cache's kept index changed");
            }
            url = null;
        } else if (url != null && !RepositoryIndex.accepted((String) url, s.prepared.mirror())) {
            return rebuild("the recorded repository index " + url + " is not one this build reads");
        }
        if (url == null && !before.containsKey(INDEX)) {
            return rebuild("the distro names no repository index, so nothing proves the packages are the same");
        }
        Map<String, Object> summary = JsonReader.asObject(record.get("summary"));
        Path rootfs = summary.get("rootfs") == null ? null : Path.of((String) summary.get("rootfs"));
        boolean unasked = url != null && s.request.offline() && !((String) url).startsWith("file:");
        String index = url == null || unasked ? null : prefetch.index((String) url);
        if (index != null && index.startsWith(Prefetch.UNREADABLE)) {
            return rebuild("the repository index " + url + " cannot be read (" + index.substring(Prefetch.UNREADABLE.length())
                    + ")");
        }
        if (index != null && !index.equals(before.get(INDEX))) {
            return rebuild("the repository changed (" + url + ")");
        }
        List<BuildSummary.Output> files = new ArrayList<>();
        for (Object o : (List<?>) summary.get("files")) {
            Map<String, Object> f = JsonReader.asObject(o);
            Path path = Path.of((String) f.get("file"));
            if (!sameFile(path, ((Number) f.get("size")).longValue(), ((Number) f.get("modified")).longValue())) {
                return rebuild(path + " is missing or changed");
            }
            files.add(new BuildSummary.Output((String) f.get("format"), path));
        }
        if (rootfs != null && !prefetch.tree(rootfs).equals(summary.get("tree"))) {
            return rebuild(TreeFingerprint.difference(rootfs, s.work.manifest()).orElse("the rootfs changed since it was built"));
        }
        return new Verdict(Optional.of(new BuildSummary((String) summary.get("distro"), (String) summary.get("osVersion"),
                ((Number) summary.get("packages")).intValue(), Boolean.TRUE.equals(summary.get("installed")),
                ((Number) summary.get("bytes")).longValue(), rootfs != null ? rootfs : s.prepared.output().target(),
                0, files)), "unchanged since " + record.get("built") + (unasked
                        ? " (offline: the repository " + url + " was not asked whether it changed)" : ""));
    }

    private static Verdict rebuild(String why) {
        return new Verdict(Optional.empty(), "rebuilding: " + why);
    }

    private static boolean sameFile(Path file, long size, long modified) {
        try {
            return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && Files.size(file) == size
                    && Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toMillis() == modified;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Offline (-o), a build whose mirror is not on this machine would fetch from the network: it
     * takes the repository index and the packages from the package cache when an earlier build
     * kept them there, else it is refused before any work, naming what it would have fetched.
     */
    static void refuseOffline(BuildState s, Verdict verdict) {
        String mirror = s.prepared.mirror();
        boolean local = mirror != null ? mirror.startsWith("file:") || mirror.startsWith("copy:")
                // a folder distro without a mirror may fetch nothing at all (a fixture, a tree of its own)
                : s.distro.source() == io.rootfs.core.distro.DistroSource.LOCAL;
        if (!s.request.offline() || local) {
            return;
        }
        Optional<Path> cache = PackageCache.withIndex(s, mirror);
        if (cache.isPresent()) {
            s.offlineFromCache = true;
            s.log.info("Maven runs offline (-o): the repository index and the packages come from the package cache "
                    + cache.get() + " (index kept " + modified(cache.get().resolve(PackageCache.INDEX))
                    + "); a package missing from it fails the build");
            return;
        }
        String what = mirror != null ? "the packages of " + s.distro.descriptor().name() + " from " + mirror
                : "the packages of " + s.distro.descriptor().name() + " from the repository its config.sh names";
        Optional<Path> closed = PackageCache.location(s).filter(PackageCache::closed);
        if (closed.isPresent()) {
            throw RootfsException.input("Maven runs offline (-o), and this build would fetch " + what + " ("
                    + verdict.why() + "), and this user may not read the package cache " + closed.get()
                    + " (permission denied on the way to its index or in it). Give this user read and search rights to"
                    + " it and the folders above it (chmod o+rx, or a group both users are in), or point"
                    + " -Drootfs.packageCache at a cache of its own.");
        }
        throw RootfsException.input("Maven runs offline (-o), and this build would fetch " + what + " ("
                + verdict.why() + "), and the package cache holds no index of it"
                + PackageCache.location(s).map(p -> " (" + p + ")").orElse("") + ". Run without -o once to fill"
                + " the cache, or set -Drootfs.mirror=file:///PATH to a copy of the repository on this machine.");
    }

    private static String modified(Path folder) {
        try {
            return Files.getLastModifiedTime(folder).toInstant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                    .toString();
        } catch (IOException e) {
            return "at an unknown time";
        }
    }

    /** Removes the record: from here on the rootfs may change. */
    static void forget(BuildState s) {
        try {
            Files.deleteIfExists(s.work.dir().resolve(FILE));
        } catch (IOException e) {
            throw RootfsException.environment("Cannot remove " + s.work.dir().resolve(FILE) + ": " + e.getMessage(), e);
        }
    }

    /** Writes the record of a finished build: its inputs, its repository index, and what it delivered. */
    static void record(BuildState s, Map<String, String> inputs, BuildSummary summary) {
        Map<String, Object> in = new LinkedHashMap<>(inputs);
        String url = s.report.get("REPO_INDEX_URL");
        if (s.offlineFromCache) {
            // built from the kept index, not the repository's current one: the next online build runs
            // again; the next offline one is unchanged while the kept index is
            PackageCache.keptIndexDigest(s).ifPresent(d -> {
                in.put(INDEX, d);
                in.put(INDEX + " url", KEPT + s.packageCache);
            });
        } else if (RepositoryIndex.accepted(url, s.prepared.mirror())) {
            try {
                in.put(INDEX, RepositoryIndex.sha256(url, s.request.proxies()));
                in.put(INDEX + " url", url);
            } catch (IOException e) {
                s.log.info("The repository index " + url + " cannot be read (" + e.getMessage()
                        + "): the next build cannot prove it is up to date and runs again");
            }
        }
        List<Object> files = new ArrayList<>();
        try {
            for (BuildSummary.Output o : summary.files()) {
                files.add(JsonWriter.object("format", o.format(), "file", o.file().toString(), "size",
                        Files.size(o.file()), "modified", Files.getLastModifiedTime(o.file()).toMillis()));
            }
            boolean directory = s.request.outputs().has(io.rootfs.core.output.Outputs.DIRECTORY);
            Map<String, Object> done = new LinkedHashMap<>();
            done.put("distro", summary.distro());
            done.put("osVersion", summary.osVersion());
            done.put("packages", summary.packages());
            done.put("installed", summary.packagesInstalled());
            done.put("bytes", summary.bytes());
            if (directory) {
                done.put("rootfs", summary.rootfs().toString());
                done.put("tree", TreeFingerprint.of(summary.rootfs()));
            }
            done.put("files", files);
            Files.writeString(s.work.dir().resolve(FILE), JsonWriter.write(JsonWriter.object("built",
                    Instant.now().toString(), "inputs", in, "summary", done)));
        } catch (IOException e) {
            throw RootfsException.environment("Cannot write the build's record " + s.work.dir().resolve(FILE) + ": "
                    + e.getMessage(), e);
        }
    }
}
