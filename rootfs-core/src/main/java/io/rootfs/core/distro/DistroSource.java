package io.rootfs.core.distro;

/** Where a distro came from, as {@code rootfs:list} shows it. */
public enum DistroSource {
    BUNDLED("bundled"),
    COORDINATES("coordinates"),
    LOCAL("local folder");

    private final String label;

    DistroSource(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
