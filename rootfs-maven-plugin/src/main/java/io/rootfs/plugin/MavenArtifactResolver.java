package io.rootfs.plugin;

import io.rootfs.core.RootfsException;
import io.rootfs.core.distro.ArtifactResolver;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;

/**
 * Resolves coordinates with Maven Resolver and the build's repositories, so the mirrors, proxies
 * and credentials of the user's settings.xml apply.
 */
final class MavenArtifactResolver implements ArtifactResolver {
    private final RepositorySystem system;
    private final RepositorySystemSession session;
    private final List<RemoteRepository> repositories;
    private final String what;

    /**
     * @param what the parameter the coordinates come from, for messages
     */
    MavenArtifactResolver(RepositorySystem system, RepositorySystemSession session,
            List<RemoteRepository> repositories, String what) {
        this.system = system;
        this.session = session;
        this.repositories = repositories;
        this.what = what;
    }

    @Override
    public Path resolve(String coordinates) {
        DefaultArtifact artifact;
        try {
            artifact = new DefaultArtifact(coordinates.trim());
        } catch (IllegalArgumentException e) {
            throw RootfsException.input(what + "=" + coordinates + " is not Maven coordinates: write"
                    + " groupId:artifactId[:extension[:classifier]]:version, e.g. com.acme:rootfs-distro-acme:1.2");
        }
        try {
            return system.resolveArtifact(session, new ArtifactRequest(artifact, repositories, null))
                    .getArtifact().getFile().toPath();
        } catch (ArtifactResolutionException e) {
            String repos = repositories.stream().map(r -> r.getId() + " (" + r.getUrl() + ")")
                    .collect(Collectors.joining(", "));
            throw RootfsException.input("Cannot resolve " + what + " " + coordinates + ": not in the local repository "
                    + session.getLocalRepository().getBasedir() + " nor in " + (repos.isEmpty() ? "any repository" : repos)
                    + ". Check the coordinates, run mvn install in the distro's project, or add the repository that"
                    + " holds it.");
        }
    }
}
