package io.rootfs.core.sbom;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A package installed in the guest, as its package database records it.
 *
 * @param type    the package URL type: {@code deb}, {@code rpm} or {@code apk}
 * @param distro  the purl namespace, the distro's id ({@code debian}, {@code fedora}, ...)
 * @param release the distro release, for the purl's distro qualifier
 */
public record GuestPackage(String type, String distro, String release, String name, String version, String arch) {

    /** The package URL (purl) of the package: {@code pkg:deb/debian/bash@5.2.15-2%2Bb2?arch=amd64&distro=bookworm}. */
    public String purl() {
        return "pkg:" + type + "/" + encode(distro.toLowerCase(Locale.ROOT)) + "/" + encode(name) + "@" + encode(version)
                + "?arch=" + encode(arch) + (release.isEmpty() ? "" : "&distro=" + encode(release));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
