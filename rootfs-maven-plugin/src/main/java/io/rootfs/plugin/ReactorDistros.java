package io.rootfs.plugin;

import io.rootfs.core.distro.ArtifactResolver;
import io.rootfs.core.distro.BundledDistros;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.maven.project.MavenProject;

/**
 * Distro modules of the same reactor, found by coordinates or artifactId without a dependency on
 * them: a module already packaged in this run gives its jar; one not yet built gives its folder,
 * whose config.sh, rootfs_lib.sh and distro.properties are what its jar will hold, so the build
 * order of the modules does not matter. Anything else goes to the repositories.
 */
final class ReactorDistros implements ArtifactResolver {
    private final List<MavenProject> reactor;
    private final ArtifactResolver repositories;

    ReactorDistros(List<MavenProject> reactor, ArtifactResolver repositories) {
        this.reactor = reactor;
        this.repositories = repositories;
    }

    @Override
    public Path resolve(String coordinates) {
        String[] c = coordinates.trim().split(":");
        return c.length >= 2 ? module(m -> m.getGroupId().equals(c[0]) && m.getArtifactId().equals(c[1])
                && (c.length == 2 || m.getVersion().equals(c[c.length - 1])))
                .map(ReactorDistros::contents).orElseGet(() -> repositories.resolve(coordinates))
                : repositories.resolve(coordinates);
    }

    @Override
    public Optional<String> inReactor(String artifactId) {
        return module(m -> m.getArtifactId().equals(artifactId)
                || m.getArtifactId().equals(BundledDistros.ARTIFACT_PREFIX + artifactId))
                .map(m -> m.getGroupId() + ":" + m.getArtifactId() + ":" + m.getVersion());
    }

    private Optional<MavenProject> module(java.util.function.Predicate<MavenProject> wanted) {
        return reactor.stream().filter(m -> m.getBasedir() != null && Files.isRegularFile(
                m.getBasedir().toPath().resolve("config.sh"))).filter(wanted).findFirst();
    }

    private static Path contents(MavenProject module) {
        File packaged = module.getArtifact() == null ? null : module.getArtifact().getFile();
        return packaged != null && packaged.isFile() ? packaged.toPath() : module.getBasedir().toPath();
    }
}
