package io.rootfs.core.script;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Finds, in a failed build's output, the line that says why it failed, and words the headline
 * with what to do: a full disk names the folder and the space left, a mirror problem names the
 * mirror and {@code rootfs.mirror}, a signature problem names the key, and otherwise the package
 * manager's own error line ({@code E:} of apt, {@code ERROR:} of the driver) stands, instead of
 * a wrapper such as "mmdebstrap failed to run". A distro's own {@code ERROR:} line that names a
 * {@code -Drootfs.} parameter wins over all of them: its author knew the case.
 */
final class FailureCause {
    /** The kinds of cause, most telling first: a build sees many lines, the earliest kind found wins. */
    enum Kind {
        DISK_FULL(Pattern.compile("No space left on device|Disk quota exceeded|(don't have|[Nn]ot) enough free space")),
        SIGNATURE(Pattern.compile("BADSIG|NO_PUBKEY|EXPKEYSIG|signatures were invalid|signatures couldn't be verified"
                + "|is not signed|GPG check FAILED|[Ss]ignature verification failed|public key for .* is not installed")),
        CORRUPT(Pattern.compile("Hash Sum mismatch|Hashes of expected file|File has unexpected size|[Cc]hecksum"
                + " (doesn't match|mismatch)|Size mismatch")),
        MIRROR(Pattern.compile("\\b(404|403|410|500|502|503|504)\\s+[A-Z][A-Za-z ]+|Failed to fetch|Could not resolve"
                + " host|Temporary failure resolving|Unable to connect|Connection refused|Connection timed out"
                + "|Cannot download|Status code: [45]\\d\\d|Curl error|Could not connect to")),
        PACKAGE_MANAGER(Pattern.compile("^E: .*")),
        SCRIPT(Pattern.compile("^ERROR: .*"));

        final Pattern pattern;

        Kind(Pattern pattern) {
            this.pattern = pattern;
        }
    }

    /** Wrapper lines that only say a tool failed, never the reason. */
    private static final Pattern WRAPPER = Pattern.compile("^E: (mmdebstrap failed to run|setup failed|run_setup\\(\\)"
            + " failed|.*failed with exit code|Sub-process .* returned an error code.*|.*chroot .* failed)$");

    /** A line that names a parameter says what to do already. */
    private static final String WHAT_TO_DO = "-Drootfs.";

    private Kind kind;
    private String line;

    /**
     * Looks at one line of output; keeps the most telling cause seen so far: the first of its kind,
     * unless a later line of that kind also names the URL (apt says "Hash Sum mismatch" alone first,
     * then "E: Failed to fetch URL Hash Sum mismatch").
     */
    void see(String output) {
        String text = output.trim();
        if (kind == Kind.SCRIPT && line.contains(WHAT_TO_DO)) {
            return; // the distro's own message said what to do: nothing a tool says later words it better
        }
        if (Kind.SCRIPT.pattern.matcher(text).find() && text.contains(WHAT_TO_DO)) {
            kind = Kind.SCRIPT;
            line = shorten(text);
            return;
        }
        for (Kind k : Kind.values()) {
            if (kind == k && !line.contains("://") && text.contains("://") && k.pattern.matcher(text).find()) {
                line = shorten(text);
                return;
            }
            if (kind != null && k.ordinal() >= kind.ordinal()) {
                return;
            }
            if (k.pattern.matcher(text).find() && !(k == Kind.PACKAGE_MANAGER && WRAPPER.matcher(text).matches())) {
                kind = k;
                line = shorten(text);
                return;
            }
        }
    }

    /**
     * The headline: what went wrong, in the tool's words, and what to do.
     *
     * @param fallback the last line of output, when no line said more
     */
    String headline(long code, ScriptRun run, String fallback) {
        if (code == 143 || code == 130 || code == 137) {
            return "The distro's build_rootfs was stopped by a signal (exit code " + code + ").";
        }
        String prefix = "The distro's build_rootfs failed with exit code " + code + ": ";
        if (kind == null) {
            return prefix + (fallback.isEmpty() ? "(no output)" : shorten(fallback.trim()));
        }
        if (line.contains(WHAT_TO_DO)) {
            return prefix + line; // the script said what to do already
        }
        String mirror = run == null || run.mirror() == null ? "the distro's repository" : "the mirror " + run.mirror();
        return prefix + line + switch (kind) {
            case DISK_FULL -> run == null ? "" : ". The disk holding " + run.staging() + " is full (" + free(run.staging())
                    + " free now). Free some space there, or build elsewhere with -Drootfs.dir.";
            case SIGNATURE -> ". What " + mirror + " serves is not signed by the key this distro trusts: check"
                    + " -Drootfs.mirror (a mirror of that distro and release?) and the distro's key.";
            case CORRUPT -> ". A file from " + mirror + " does not match its index: the mirror may be syncing or broken."
                    + " Try again later, or set -Drootfs.mirror=URL to another mirror.";
            case MIRROR -> ". " + capitalize(mirror) + " did not serve what the build needs. Check that it answers and"
                    + " carries this release, or set -Drootfs.mirror=URL to one that does.";
            default -> "";
        };
    }

    private static String free(Path folder) {
        for (Path p = folder; p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                try {
                    long bytes = Files.getFileStore(p).getUsableSpace();
                    return bytes < 10L << 20 ? (bytes >> 10) + " KiB" : String.format(Locale.ROOT, "%.1f MiB",
                            bytes / 1048576.0);
                } catch (IOException e) {
                    return "unknown space";
                }
            }
        }
        return "unknown space";
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String shorten(String text) {
        String clean = text.replaceAll("\\s+", " ");
        return clean.length() > 400 ? clean.substring(0, 400) + "..." : clean;
    }
}
