package io.rootfs.core.script;

import io.rootfs.api.BuildLog;
import io.rootfs.api.BuildRequest;
import io.rootfs.core.distro.Distro;
import java.nio.file.Path;
import java.util.Map;

/**
 * Makes the backend that builds a tree in the JVM from the distro's package repository (the
 * native backend). A module per package format provides it (rootfs-native-deb for Debian and
 * Ubuntu), found with {@link java.util.ServiceLoader}, so the core carries no OpenPGP or archive
 * code.
 */
public interface NativeBackendFactory {

    /**
     * What a native build needs to know.
     *
     * @param env          the scripts' variables: the driver reads the distro's config.sh with them
     * @param runDir       the build's scratch folder
     * @param staging      the folder the tree is built in
     * @param report       where the settled variables go (as the driver writes them)
     * @param recorded     where the owners, modes and device nodes the disk cannot hold go (a build without root)
     * @param packageCache the build's package cache folder (distro, release, arch), or null
     * @param indexCache   where the repository index is kept for offline builds (apt's file names), or null
     * @param offline      whether the index and packages must come from the caches (Maven runs offline)
     * @param root         whether Maven runs as root
     * @param runScripts   whether the guest's maintainer scripts run (else their effects are reproduced)
     */
    record Request(BuildRequest request, Distro distro, Map<String, String> env, Path runDir, Path staging,
            Path report, Path recorded, Path packageCache, Path indexCache, boolean offline, boolean root,
            boolean runScripts, BuildLog log) {
    }

    /** The package format this factory builds from ({@code deb}), as a distro's {@code native} names it. */
    String format();

    /** The backend for one build. */
    ScriptBackend create(Request request);
}
