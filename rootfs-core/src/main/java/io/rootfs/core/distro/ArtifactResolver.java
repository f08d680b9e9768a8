package io.rootfs.core.distro;

import java.nio.file.Path;

/** Turns Maven coordinates into a file; the plugin implements it with Maven Resolver. */
@FunctionalInterface
public interface ArtifactResolver {
    /**
     * @param coordinates {@code groupId:artifactId[:extension[:classifier]]:version}
     * @throws io.rootfs.core.RootfsException when the artifact cannot be resolved, naming the repositories tried
     */
    Path resolve(String coordinates);
}
