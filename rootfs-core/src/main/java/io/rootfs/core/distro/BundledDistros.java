package io.rootfs.core.distro;

import java.util.List;

/**
 * The distros published with this plugin version: {@code -Ddistro=ID} means
 * {@code groupId:rootfs-distro-ID:version}.
 */
public record BundledDistros(String groupId, String version, List<String> ids) {
    /** Every distro artifact's id starts with this. */
    public static final String ARTIFACT_PREFIX = "rootfs-distro-";

    public BundledDistros {
        ids = List.copyOf(ids);
    }

    public String coordinates(String id) {
        return groupId + ":" + ARTIFACT_PREFIX + id + ":" + version;
    }
}
