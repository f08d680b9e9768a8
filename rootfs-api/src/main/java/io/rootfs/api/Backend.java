package io.rootfs.api;

import java.util.Locale;

/** Where the distro's build logic runs. */
public enum Backend {
    /**
     * Native for a distro whose packages the plugin reads itself (Debian, Ubuntu) when the guest is
     * this machine's architecture and its scripts can run here, or another architecture (their
     * effects reproduced); else the host when the distro's tools and the privileges are here; else
     * a container when an engine answers; else native with the scripts' effects reproduced.
     */
    AUTO,
    /** bash runs the distro scripts on this machine. */
    HOST,
    /** The same scripts run in the distro's builder image, on Docker or Podman. */
    CONTAINER,
    /**
     * The plugin itself reads the signed index, resolves, downloads and unpacks the packages and
     * writes their database, in the JVM; the guest's own tools run the maintainer scripts, or their
     * effects are reproduced ({@link MaintainerScripts}).
     */
    NATIVE;

    public static Backend parse(String value) {
        String wanted = value == null ? "auto" : value.trim().toLowerCase(Locale.ROOT);
        for (Backend backend : values()) {
            if (backend.name().toLowerCase(Locale.ROOT).equals(wanted)) {
                return backend;
            }
        }
        throw new IllegalArgumentException("Unknown rootfs.backend '" + value + "'. Accepted: auto, host, container,"
                + " native.");
    }
}
