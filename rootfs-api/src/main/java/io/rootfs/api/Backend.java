package io.rootfs.api;

import java.util.Locale;

/** Where the distro's build logic runs. */
public enum Backend {
    /** The first backend that can run here. */
    AUTO,
    /** bash runs the distro scripts on this machine. */
    HOST;

    /** Backends announced in the design that this version does not have yet. */
    private static final String PLANNED = "container, native";

    public static Backend parse(String value) {
        String wanted = value == null ? "auto" : value.trim().toLowerCase(Locale.ROOT);
        for (Backend backend : values()) {
            if (backend.name().toLowerCase(Locale.ROOT).equals(wanted)) {
                return backend;
            }
        }
        if (PLANNED.contains(wanted) && !wanted.isEmpty()) {
            throw new IllegalArgumentException("rootfs.backend=" + value + " is not available in this version yet."
                    + " Accepted now: auto, host (" + PLANNED + " come in later versions).");
        }
        throw new IllegalArgumentException("Unknown rootfs.backend '" + value + "'. Accepted: auto, host.");
    }
}
