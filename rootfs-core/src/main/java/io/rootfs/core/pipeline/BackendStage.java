package io.rootfs.core.pipeline;

import io.rootfs.api.Backend;
import io.rootfs.core.RootfsException;
import io.rootfs.core.script.ContainerBackendFactory;
import io.rootfs.core.script.HostBackend;
import io.rootfs.core.script.NativeBackendFactory;
import io.rootfs.core.script.ScriptEnvironment;
import java.util.ServiceLoader;

/**
 * Gets the build logic ready to run: the distro unpacked into the work folder, an empty tree to
 * build into, the scripts' variables, and the backend (for a container, its builder image).
 */
final class BackendStage implements Stage {
    @Override
    public String name() {
        return "backend";
    }

    @Override
    public String run(BuildState s) {
        s.distro = s.distro.unpackedInto(s.work.distros());
        s.staging = s.prepared.output().prepareStaging();
        s.env = ScriptEnvironment.of(s.request, s.distro, s.prepared.agentInit(), s.staging, s.work.run(), s.work.tmp(),
                s.work.report(), s.prepared.mirror(), s.host.env(), s.host.probe().path());
        s.packageCache = PackageCache.folder(s).orElse(null);
        if (s.offlineFromCache && s.packageCache == null) {
            throw RootfsException.environment("Maven runs offline (-o) and this build needs the package cache, which"
                    + " cannot be used (see the warning above). Run without -o, or fix the cache folder.");
        }
        if (s.packageCache != null) {
            PackageCache.export(s.packageCache, s.env);
            if (s.offlineFromCache) {
                s.env.put(ScriptEnvironment.OFFLINE, "true");
            }
        }
        switch (s.backend.backend()) {
            case CONTAINER -> {
                s.scripts = container(s);
                return "builder container ready";
            }
            case NATIVE -> {
                s.scripts = nativeBackend(s);
                return "in the JVM (" + s.distro.descriptor().nativeFormat() + " packages)";
            }
            default -> {
                s.scripts = new HostBackend(s.log);
                return "bash on this machine";
            }
        }
    }

    private static io.rootfs.core.script.ScriptBackend nativeBackend(BuildState s) {
        String format = s.distro.descriptor().nativeFormat();
        NativeBackendFactory factory = ServiceLoader.load(NativeBackendFactory.class, BackendStage.class.getClassLoader())
                .stream().map(ServiceLoader.Provider::get).filter(f -> f.format().equals(format)).findFirst()
                .orElseThrow(() -> RootfsException.environment("The native backend for " + format + " packages"
                        + " (io.rootfs:rootfs-native-" + format + ") is not on the class path of this build. Add it next"
                        + " to rootfs-core, or build with -Drootfs.backend=host."));
        return factory.create(new NativeBackendFactory.Request(s.request, s.distro, s.env, s.work.run(), s.staging,
                s.work.report(), s.work.recorded(), s.packageCache,
                s.packageCache == null ? null : s.packageCache.resolve(PackageCache.INDEX), s.offlineFromCache,
                s.host.probe().isRoot(), s.backend.runScripts(), s.log));
    }

    private static io.rootfs.core.script.ScriptBackend container(BuildState s) {
        String osVersion = s.release();
        ContainerBackendFactory factory = ServiceLoader.load(ContainerBackendFactory.class,
                BackendStage.class.getClassLoader()).findFirst().orElseThrow(() -> RootfsException.environment(
                        "The container backend (io.rootfs:rootfs-container) is not on the class path of this build."
                        + " Add it next to rootfs-core, or build with -Drootfs.backend=host."));
        String owner = s.host.probe().isRoot() ? null : s.host.probe().owner().orElse(null);
        if (owner != null) {
            s.log.warn("Maven runs as " + owner + ", not root: the files the container writes are handed to that user,"
                    + " so the rootfs holds no other owners. Build as root for a folder to boot from.");
        }
        return factory.create(new ContainerBackendFactory.Request(s.backend.engine(), s.request, s.distro, osVersion,
                s.env, s.request.projectDir(), s.distro.scriptDir(), s.work.run(), s.staging, s.work.report(), owner,
                s.log));
    }
}
