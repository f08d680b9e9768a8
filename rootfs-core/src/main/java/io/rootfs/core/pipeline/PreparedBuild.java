package io.rootfs.core.pipeline;

import io.rootfs.core.distro.ConfigSh;
import io.rootfs.core.distro.Distro;
import io.rootfs.core.output.DirectoryOutput;
import io.rootfs.core.output.OutputContext;
import io.rootfs.core.output.RootfsOutput;
import java.nio.file.Path;
import java.util.List;

/**
 * A request once the preflight accepted it: every input resolved and checked, nothing built yet.
 *
 * @param agentFile the agent binary or tarball, or {@code null} for none
 * @param mirror    the mirror given to the scripts as REPO_URL, or {@code null}
 * @param files     the file outputs asked for, besides the directory
 */
public record PreparedBuild(Distro distro, ConfigSh config, DirectoryOutput output, Path agentFile,
        boolean agentInit, String mirror, List<RootfsOutput> files, OutputContext outputContext) {
    public PreparedBuild {
        files = List.copyOf(files);
    }
}
