package io.rootfs.core.distro;

/** Where a distro came from, as {@code rootfs:list} shows it. */
public enum DistroSource {
    BUNDLED("bundled"),
    COORDINATES("coordinates"),
    LOCAL("local folder"),
    REACTOR("module of this build");

    private final String label;

    DistroSource(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
