package io.rootfs.core.script;

import io.rootfs.api.BuildLog;
import io.rootfs.api.BuildRequest;
import io.rootfs.core.distro.Distro;
import io.rootfs.core.host.Engine;
import java.nio.file.Path;
import java.util.Map;

/**
 * Makes the backend that runs the distro scripts in a builder container. The rootfs-container
 * module provides it (found with {@link java.util.ServiceLoader}), so the core, and any build that
 * never uses a container, carries no Docker client.
 */
public interface ContainerBackendFactory {

    /**
     * What a container build needs to know.
     *
     * @param osVersion the release the builder image is made for
     * @param env       the scripts' variables, as a host build would get them
     * @param scripts   Kata's script_dir: the folder holding the distro folder
     * @param runDir    the scripts' scratch folder (ROOTFS_WORK_DIR), writable in the container
     * @param owner     {@code uid:gid} to hand what the container writes to, or null when Maven runs as root
     */
    record Request(Engine engine, BuildRequest request, Distro distro, String osVersion, Map<String, String> env,
            Path project, Path scripts, Path runDir, Path staging, Path report, String owner, BuildLog log) {
    }

    /** Gets the builder image ready (building it from the distro's Dockerfile.in when needed) and returns the backend. */
    ScriptBackend create(Request request);
}
