package io.rootfs.core.host;

import io.rootfs.api.BuildLog;
import io.rootfs.core.RootfsException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The variables a Kata user sets for {@code rootfs.sh} ({@code AGENT_INIT=yes OS_VERSION=trixie
 * ROOTFS_DIR=... mvn ...}), taken from the environment Maven runs in as defaults: a {@code -D} or
 * pom value wins over them, and each value taken is logged with the variable it came from. A value
 * taken goes through the same checks as the parameter it stands for (a {@code ROOTFS_DIR} meets
 * every {@code rootfs.dir} check).
 */
public final class KataVariables {
    /** The variables Kata's rootfs.sh reads that the build honours, in the order rootfs.sh documents them. */
    public static final List<String> NAMES = List.of("AGENT_INIT", "AGENT_SOURCE_BIN", "AGENT_TARBALL", "DEBUG",
            "EXTRA_PKGS", "KERNEL_MODULES_DIR", "OS_VERSION", "ROOTFS_DIR", "SECCOMP");

    private final Map<String, String> env;
    private final BuildLog log;

    public KataVariables(Map<String, String> env, BuildLog log) {
        this.env = env;
        this.log = log;
    }

    /** {@code given} when set, else the variable's value, else null. */
    public String text(String parameter, String given, String variable) {
        if (given != null && !given.isBlank()) {
            return given;
        }
        String value = value(variable);
        if (value != null) {
            taken(parameter, variable, value);
        }
        return value;
    }

    /** {@code given} when set, else the variable as a path against {@code base}, else null. */
    public Path path(String parameter, Path given, String variable, Path base) {
        if (given != null) {
            return given;
        }
        String value = value(variable);
        if (value == null) {
            return null;
        }
        taken(parameter, variable, value);
        return base.resolve(value).toAbsolutePath().normalize();
    }

    /** {@code given} when set, else the variable's yes/no (as rootfs.sh reads it), else {@code fallback}. */
    public boolean flag(String parameter, Boolean given, String variable, boolean fallback) {
        if (given != null) {
            return given;
        }
        String value = value(variable);
        if (value == null) {
            return fallback;
        }
        boolean yes = switch (value.toLowerCase(Locale.ROOT)) {
            case "yes", "true", "1", "y" -> true;
            case "no", "false", "0", "n" -> false;
            default -> throw RootfsException.input(variable + "=" + value + " (in the environment Maven runs in) is"
                    + " neither yes nor no. Set it to yes or no, unset it, or give -D" + parameter + "=true|false.");
        };
        taken(parameter, variable, value);
        return yes;
    }

    /** Logs a variable that the scripts or the build take as it is, with what it does. */
    public void note(String variable, String effect) {
        String value = value(variable);
        if (value != null) {
            logTaken(variable, value, effect);
        }
    }

    private String value(String variable) {
        String value = env.get(variable);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private void taken(String parameter, String variable, String value) {
        logTaken(variable, value, parameter + " (a -D or pom value would win)");
    }

    private void logTaken(String variable, String value, String effect) {
        log.info("Kata variable " + variable + "=" + value + " from the environment: " + effect);
    }
}
