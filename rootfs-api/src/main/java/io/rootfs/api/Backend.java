package io.rootfs.api;

import java.util.Locale;

/** Where the distro's build logic runs. */
public enum Backend {
    /** Host when the distro's tools and the privileges are here, else a container when an engine answers. */
    AUTO,
    /** bash runs the distro scripts on this machine. */
    HOST,
    /** The same scripts run in the distro's builder image, on Docker or Podman. */
    CONTAINER;

    /** Backends announced in the design that this version does not have yet. */
    private static final String PLANNED = "native";

    public static Backend parse(String value) {
        String wanted = value == null ? "auto" : value.trim().toLowerCase(Locale.ROOT);
        for (Backend backend : values()) {
            if (backend.name().toLowerCase(Locale.ROOT).equals(wanted)) {
                return backend;
            }
        }
        if (PLANNED.equals(wanted)) {
            throw new IllegalArgumentException("rootfs.backend=" + value + " is not available in this version yet."
                    + " Accepted now: auto, host, container (" + PLANNED + " comes in a later version).");
        }
        throw new IllegalArgumentException("Unknown rootfs.backend '" + value + "'. Accepted: auto, host, container.");
    }
}
