package io.rootfs.container;

import com.github.dockerjava.api.DockerClient;
import io.rootfs.api.BuildLog;
import io.rootfs.api.BuildRequest;
import io.rootfs.core.distro.Distro;
import io.rootfs.core.host.Engine;
import io.rootfs.core.script.ContainerBackendFactory;
import io.rootfs.core.script.ScriptBackend;
import io.rootfs.core.script.ScriptEnvironment;
import java.util.LinkedHashMap;
import java.util.Map;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.dockerclient.TransportConfig;

/**
 * Gets a container build ready: a Docker API client from Testcontainers for the engine that
 * answered, and the builder image. Testcontainers' client is used directly, not its container
 * lifecycle: a build needs a one-shot container with its exit code and a guaranteed removal, and
 * no helper images (Ryuk, startup checks), which an offline engine could not pull.
 */
public final class ContainerSetup implements ContainerBackendFactory {
    /** Made by {@link java.util.ServiceLoader}. */
    public ContainerSetup() {
    }

    @Override
    public ScriptBackend create(Request r) {
        // the folder that holds the packages and the kept index: the index is replaced by a rename
        // beside it, which a mount of the index folder itself would forbid
        java.util.List<java.nio.file.Path> caches = java.util.stream.Stream.of(ScriptEnvironment.PACKAGE_CACHE,
                ScriptEnvironment.INDEX_CACHE).map(r.env()::get).filter(java.util.Objects::nonNull)
                .map(p -> java.nio.file.Path.of(p).getParent()).distinct().toList();
        ContainerMounts mounts = new ContainerMounts(r.project(), r.scripts(), r.runDir(), r.staging(), r.report(), caches);
        return backend(r.engine(), r.request(), r.distro(), r.osVersion(), r.env(), mounts, r.owner(), r.log());
    }

    @SuppressWarnings("deprecation")
    public static DockerClient client(Engine engine) {
        // Testcontainers reports at INFO that it found no registry credentials, which builds from local
        // images never need; Maven's logger takes its levels from these properties
        if (System.getProperty("org.slf4j.simpleLogger.log.org.testcontainers") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.org.testcontainers", "warn");
        }
        return DockerClientProviderStrategy.getClientForConfig(TransportConfig.builder().dockerHost(engine.host()).build());
    }

    /**
     * The backend for one build.
     *
     * @param env   the scripts' variables (their proxies become the image build's arguments)
     * @param owner {@code uid:gid} when Maven does not run as root, else null
     */
    public static ContainerBackend backend(Engine engine, BuildRequest request, Distro distro, String osVersion,
            Map<String, String> env, ContainerMounts mounts, String owner, BuildLog log) {
        DockerClient docker = client(engine);
        BuilderImage images = new BuilderImage(docker, log);
        String image;
        if (request.builderImage() != null && !request.builderImage().isBlank()) {
            image = images.named(request.builderImage().trim());
        } else {
            Map<String, String> buildArgs = new LinkedHashMap<>();
            ScriptEnvironment.PROXY_VARIABLES.stream().filter(env::containsKey).forEach(v -> buildArgs.put(v, env.get(v)));
            image = images.fromDockerfile(distro.id(), distro.folder(),
                    BuilderImage.placeholders(osVersion, request.arch().kataName()), buildArgs,
                    mounts.workDir().resolve("builder-image"));
        }
        return new ContainerBackend(docker, engine, image, mounts, owner, distro.descriptor().containerPrivileged(), log);
    }

}
