package io.rootfs.api;

import java.util.Locale;

/** How the native backend has the packages' maintainer scripts take effect. */
public enum MaintainerScripts {
    /**
     * Run them where this machine can (root or a user namespace, the guest's architecture), else
     * reproduce their effects.
     */
    AUTO,
    /** Run them with the guest's own dpkg in a chroot; refuse to build where that cannot be done. */
    RUN,
    /**
     * Run none: reproduce what they do (accounts, alternatives, unit links, ld.so.cache ...) from
     * the packages' files, warning for each script that does more.
     */
    DECLARATIVE;

    public static MaintainerScripts parse(String value) {
        String wanted = value == null ? "auto" : value.trim().toLowerCase(Locale.ROOT);
        for (MaintainerScripts mode : values()) {
            if (mode.name().toLowerCase(Locale.ROOT).equals(wanted)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("Unknown rootfs.maintainerScripts '" + value + "'. Accepted: auto, run,"
                + " declarative.");
    }
}
