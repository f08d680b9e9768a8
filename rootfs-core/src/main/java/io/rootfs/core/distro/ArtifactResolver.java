package io.rootfs.core.distro;

import java.nio.file.Path;

/** Turns Maven coordinates into a file (a jar, or a distro folder); the plugin implements it with Maven Resolver. */
@FunctionalInterface
public interface ArtifactResolver {
    /**
     * @param coordinates {@code groupId:artifactId[:extension[:classifier]]:version}
     * @throws io.rootfs.core.RootfsException when the artifact cannot be resolved, naming the repositories tried
     */
    Path resolve(String coordinates);

    /**
     * The coordinates of a module of the same build named {@code artifactId} (or
     * {@code rootfs-distro-artifactId}), which {@link #resolve} then gives as its jar or, not yet
     * packaged, its folder.
     */
    default java.util.Optional<String> inReactor(String artifactId) {
        return java.util.Optional.empty();
    }
}
