package io.rootfs.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A guest CPU architecture, named as Kata names it ({@code uname -m}) and as Debian names it. */
public enum Arch {
    X86_64("x86_64", "amd64"),
    AARCH64("aarch64", "arm64"),
    PPC64LE("ppc64le", "ppc64el"),
    S390X("s390x", "s390x");

    private final String kataName;
    private final String debianName;

    Arch(String kataName, String debianName) {
        this.kataName = kataName;
        this.debianName = debianName;
    }

    /** The {@code uname -m} style name that Kata scripts see as {@code ARCH}. */
    public String kataName() {
        return kataName;
    }

    /** The Debian architecture name (dpkg --print-architecture). */
    public String debianName() {
        return debianName;
    }

    /** Parses either spelling; the message lists what is accepted. */
    public static Arch parse(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (Arch arch : values()) {
            if (arch.kataName.equals(wanted) || arch.debianName.equals(wanted)) {
                return arch;
            }
        }
        throw new IllegalArgumentException("Unknown architecture '" + name + "'. Accepted: " + accepted());
    }

    /** The architecture of the JVM's host. */
    public static Arch host() {
        String jvm = System.getProperty("os.arch", "");
        return "amd64".equals(jvm) ? X86_64 : parse(jvm);
    }

    public static String accepted() {
        return Arrays.stream(values()).map(Arch::kataName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return kataName;
    }
}
