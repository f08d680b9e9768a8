package io.rootfs.nativedeb;

import io.rootfs.core.tree.GuestPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code systemd-tmpfiles --create CONF...} as a package's script runs it at install time: the
 * folders ({@code d}, {@code D}, {@code v}, {@code q}, {@code Q}), links ({@code L}) and files
 * ({@code f}) its lines declare, with their modes and owners. Lines for boot only ({@code !}),
 * with specifiers ({@code %}) or of other types are left to systemd at boot, which runs the same
 * files again.
 */
final class Tmpfiles {
    /** What a line asks an entry's owner and mode to be. */
    record Made(String path, int mode, String user, String group) {
    }

    private Tmpfiles() {
    }

    /** Applies the named files of {@code usr/lib/tmpfiles.d} (an {@code /etc/tmpfiles.d} file of the same name wins). */
    static List<Made> create(GuestPath guest, List<String> confs) throws IOException {
        List<Made> made = new ArrayList<>();
        for (String conf : confs) {
            if (!conf.matches("[A-Za-z0-9._-]+\\.conf")) {
                continue;
            }
            String file = guest.exists("etc/tmpfiles.d/" + conf) ? "etc/tmpfiles.d/" + conf : "usr/lib/tmpfiles.d/" + conf;
            for (String line : GuestFiles.text(guest, file).orElse("").split("\n")) {
                apply(guest, line.strip(), made);
            }
        }
        return made;
    }

    private static void apply(GuestPath guest, String line, List<Made> made) throws IOException {
        if (line.isEmpty() || line.startsWith("#") || line.contains("%")) {
            return;
        }
        List<String> f = Accounts.sysusersFields(line);
        if (f.size() < 2 || f.get(0).isEmpty() || !f.get(1).matches("/[^/].*") || GuestFiles.dotDot(f.get(1))) {
            return; // not a line about a path below the root
        }
        String type = f.get(0);
        // "!" only at boot, "^" from a credential the running system is given: neither at install
        if (type.contains("!") || type.contains("^")) {
            return;
        }
        char kind = type.charAt(0);
        String path = f.get(1).substring(1);
        String modeField = f.size() > 2 ? f.get(2) : "-";
        String user = f.size() > 3 && !f.get(3).equals("-") ? f.get(3) : "root";
        String group = f.size() > 4 && !f.get(4).equals("-") ? f.get(4) : "root";
        String argument = f.size() > 6 ? f.get(6) : null;
        Path at = guest.parentResolved(path);
        boolean present = Files.exists(at, LinkOption.NOFOLLOW_LINKS);
        switch (kind) {
            case 'd', 'D', 'v', 'q', 'Q' -> {
                if (!present) {
                    guest.mkdirs(path);
                }
                if (Files.isDirectory(guest.resolve(path))) {
                    made.add(new Made(path, mode(modeField, 0755), user, group));
                }
            }
            case 'L' -> {
                if (!present || type.contains("+") && Files.isSymbolicLink(at)) {
                    String target = argument != null ? argument : "/usr/share/factory/" + path;
                    if (present) {
                        Files.delete(at);
                    }
                    guest.link(path, target);
                }
            }
            case 'f' -> {
                if (!present) {
                    guest.write(path, argument == null ? "" : argument.replace("\\n", "\n"));
                    made.add(new Made(path, mode(modeField, 0644), user, group));
                }
            }
            default -> {
                // the rest (z, x, r, e, w, C, c, b, h, p...) is for the running system
            }
        }
    }

    private static int mode(String field, int otherwise) {
        String m = field.replaceFirst("^[~:]+", "");
        return m.matches("[0-7]{3,4}") ? Integer.parseInt(m, 8) : otherwise;
    }
}
