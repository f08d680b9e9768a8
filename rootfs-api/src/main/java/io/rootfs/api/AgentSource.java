package io.rootfs.api;

import java.nio.file.Path;

/** Where the kata-agent installed into the guest comes from. */
public sealed interface AgentSource {

    /** No agent: the rootfs is the distro alone (the build warns). */
    record None() implements AgentSource {
    }

    /** An agent executable on this machine. */
    record Binary(Path path) implements AgentSource {
    }

    /** A tarball (tar, tar.gz, tar.xz) holding {@code usr/bin/kata-agent}, unpacked over the rootfs. */
    record Tarball(Path path) implements AgentSource {
    }

    /** A Maven artifact {@code g:a[:ext[:classifier]]:v}: a tarball when its extension says so, else a binary. */
    record Artifact(String coordinates) implements AgentSource {
    }

    static AgentSource none() {
        return new None();
    }
}
