package io.rootfs.core.pipeline;

import io.rootfs.api.BuildLog;
import io.rootfs.api.BuildRequest;
import io.rootfs.core.distro.Distro;
import io.rootfs.core.guest.GuestPlan;
import io.rootfs.core.host.Host;
import io.rootfs.core.output.WorkFolder;
import io.rootfs.core.script.BuildReport;
import io.rootfs.core.script.ScriptBackend;
import io.rootfs.core.tree.RootfsTree;
import java.nio.file.Path;
import java.util.Map;

/**
 * What one build knows, filled in stage by stage: the request and the machine first, then the
 * distro, the checked plan, the work folder, the tree being built and finally its manifest.
 */
final class BuildState {
    final BuildRequest request;
    final Host host;
    final BuildLog log;
    final Builder builder;

    Distro distro;
    PreparedBuild prepared;
    BackendChoice backend;
    WorkFolder work;
    Path staging;
    Map<String, String> env;
    Path packageCache;
    /** Maven runs offline and the package cache holds an index: the scripts build from it. */
    boolean offlineFromCache;
    ScriptBackend scripts;
    BuildReport report;
    GuestPlan plan;
    RootfsTree tree;
    final java.util.List<Delivered> delivered = new java.util.ArrayList<>();
    final java.util.List<Timed> stages = new java.util.ArrayList<>();

    /** A file the build wrote beside the rootfs. */
    record Delivered(String format, Path file, long size, String sha256) {
    }

    /** How long a stage took. */
    record Timed(String stage, double seconds) {
    }

    /**
     * Who builds: the distros this builder bundles, how it resolves artifacts, and its name for
     * osbuilder.yaml.
     */
    record Builder(io.rootfs.core.distro.BundledDistros bundled, io.rootfs.core.distro.ArtifactResolver distros,
            io.rootfs.core.distro.ArtifactResolver agents, String name) {
    }

    /** The release this build is for: the one asked for, else the distro's default (known after the preflight). */
    String release() {
        return request.osVersion() != null ? request.osVersion() : prepared.config().osVersion();
    }

    BuildState(BuildRequest request, Host host, BuildLog log, Builder builder) {
        this.request = request;
        this.host = host;
        this.log = log;
        this.builder = builder;
    }
}
