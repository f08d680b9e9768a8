package io.rootfs.nativedeb;

import java.util.Objects;

/**
 * A Debian package version, {@code [epoch:]upstream[-revision]}, ordered as dpkg orders them
 * (Debian Policy 5.6.12): epochs numerically, then upstream and revision part by part, where a
 * run of non-digits compares character by character with letters before other characters and
 * {@code ~} before everything, even the end, and a run of digits compares as a number.
 */
public final class DebianVersion implements Comparable<DebianVersion> {
    /** Compiled once: every entry of an index has a version. */
    private static final java.util.regex.Pattern UPSTREAM = java.util.regex.Pattern.compile("[A-Za-z0-9.+~:-]+");
    private static final java.util.regex.Pattern REVISION = java.util.regex.Pattern.compile("[A-Za-z0-9.+~]+");
    private final String text;
    private final long epoch;
    private final String upstream;
    private final String revision;

    private DebianVersion(String text, long epoch, String upstream, String revision) {
        this.text = text;
        this.epoch = epoch;
        this.upstream = upstream;
        this.revision = revision;
    }

    /** @throws IllegalArgumentException when the text is no Debian version */
    public static DebianVersion parse(String text) {
        String v = text.strip();
        long epoch = 0;
        int colon = v.indexOf(':');
        if (colon >= 0) {
            String e = v.substring(0, colon);
            if (e.isEmpty() || !e.chars().allMatch(Character::isDigit) || e.length() > 9) {
                throw new IllegalArgumentException("Not a Debian version (bad epoch): " + text);
            }
            epoch = Long.parseLong(e);
            v = v.substring(colon + 1);
        }
        int dash = v.lastIndexOf('-');
        String upstream = dash >= 0 ? v.substring(0, dash) : v;
        String revision = dash >= 0 ? v.substring(dash + 1) : "";
        if (!UPSTREAM.matcher(upstream).matches() || dash >= 0 && !REVISION.matcher(revision).matches()) {
            throw new IllegalArgumentException("Not a Debian version: " + text);
        }
        return new DebianVersion(text.strip(), epoch, upstream, revision);
    }

    @Override
    public int compareTo(DebianVersion o) {
        int c = Long.compare(epoch, o.epoch);
        if (c != 0) {
            return c;
        }
        c = compareParts(upstream, o.upstream);
        return c != 0 ? c : compareParts(revision, o.revision);
    }

    /** dpkg's verrevcmp. */
    static int compareParts(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            int firstDiff = 0;
            while (i < a.length() && !isDigit(a.charAt(i)) || j < b.length() && !isDigit(b.charAt(j))) {
                int ac = order(a, i);
                int bc = order(b, j);
                if (ac != bc) {
                    return Integer.signum(ac - bc);
                }
                i++;
                j++;
            }
            while (i < a.length() && a.charAt(i) == '0') {
                i++;
            }
            while (j < b.length() && b.charAt(j) == '0') {
                j++;
            }
            while (i < a.length() && isDigit(a.charAt(i)) && j < b.length() && isDigit(b.charAt(j))) {
                if (firstDiff == 0) {
                    firstDiff = a.charAt(i) - b.charAt(j);
                }
                i++;
                j++;
            }
            if (i < a.length() && isDigit(a.charAt(i))) {
                return 1;
            }
            if (j < b.length() && isDigit(b.charAt(j))) {
                return -1;
            }
            if (firstDiff != 0) {
                return Integer.signum(firstDiff);
            }
        }
        return 0;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The weight of the character at {@code i}: the end and digits 0, {@code ~} below all, letters below the rest. */
    private static int order(String s, int i) {
        if (i >= s.length()) {
            return 0;
        }
        char c = s.charAt(i);
        if (isDigit(c)) {
            return 0;
        }
        if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
            return c;
        }
        if (c == '~') {
            return -1;
        }
        return c + 256;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DebianVersion v && compareTo(v) == 0;
    }

    @Override
    public int hashCode() {
        // equal versions may be spelt differently (1.0 and 1.00, no revision and -0): hash what is the same
        return Objects.hash(epoch);
    }

    @Override
    public String toString() {
        return text;
    }
}
