package io.rootfs.nativedeb;

import io.rootfs.core.tree.GuestPath;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code pam-auth-update --package} writes on a fresh install: {@code /etc/pam.d/common-*}
 * from libpam-runtime's templates in {@code /usr/share/pam}, with the stacks of the profiles in
 * {@code /usr/share/pam-configs} that are on by default (highest priority first; the first primary
 * module in its {@code -Initial} form; {@code success=end} turned into the jump over the primary
 * lines that follow), and its record of them in {@code /var/lib/pam}.
 */
final class PamAuthUpdate {
    /** file suffix, profile field, template placeholder */
    private static final String[][] TYPES = {{"auth", "Auth", "auth"}, {"account", "Account", "account"},
            {"password", "Password", "password"}, {"session", "Session", "session"},
            {"session-noninteractive", "Session", "session_nonint"}};
    private static final String NULL_LINE = "[default=1]\t\t\tpam_permit.so";

    private record Profile(String name, Map<String, String> fields) {
        int priority() {
            try {
                return Integer.parseInt(fields.getOrDefault("Priority", "0").strip());
            } catch (NumberFormatException e) {
                return 0;
            }
        }

        List<String> lines(String field) {
            String value = fields.get(field);
            return value == null ? List.of() : value.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        }
    }

    private PamAuthUpdate() {
    }

    /** Writes the files; false when the tree has no templates or profiles (libpam-runtime absent). */
    static boolean write(GuestPath guest) throws IOException {
        if (GuestFiles.regularFile(guest, "usr/share/pam/common-auth").isEmpty()) {
            return false;
        }
        List<Profile> profiles = new ArrayList<>();
        for (String name : GuestFiles.names(guest, "usr/share/pam-configs")) {
            java.util.Optional<String> text = GuestFiles.text(guest, "usr/share/pam-configs/" + name);
            if (text.isPresent() && name.matches("[A-Za-z0-9_.+-]+")) {
                profiles.add(new Profile(name, fields(text.get())));
            }
        }
        if (profiles.isEmpty()) {
            return false;
        }
        profiles.sort(Comparator.comparingInt(Profile::priority).reversed());
        List<Profile> enabled = profiles.stream().filter(p -> "yes".equalsIgnoreCase(p.fields().getOrDefault("Default", "")
                .strip())).toList();
        guest.mkdirs("var/lib/pam");
        for (String[] t : TYPES) {
            boolean nonInteractive = t[0].equals("session-noninteractive");
            List<String[]> primary = new ArrayList<>(); // module name, line
            List<String[]> additional = new ArrayList<>();
            for (Profile p : enabled) {
                if (nonInteractive && "yes".equalsIgnoreCase(p.fields().getOrDefault("Session-Interactive-Only", "").strip())) {
                    continue;
                }
                String type = p.fields().getOrDefault(t[1] + "-Type", "").strip();
                boolean first = type.equals("Primary") && primary.isEmpty();
                List<String> lines = first && p.fields().containsKey(t[1] + "-Initial") ? p.lines(t[1] + "-Initial")
                        : p.lines(t[1]);
                for (String line : lines) {
                    (type.equals("Primary") ? primary : additional).add(new String[] {p.name(), line});
                }
            }
            if (primary.isEmpty()) {
                primary.add(new String[] {"null", NULL_LINE});
            }
            StringBuilder primaryText = new StringBuilder();
            for (int i = 0; i < primary.size(); i++) {
                String line = primary.get(i)[1].replace("success=end", "success=" + (primary.size() - i));
                primaryText.append(i > 0 ? "\n" : "").append(stackLine(t[0].replace("-noninteractive", ""), line));
            }
            StringBuilder additionalText = new StringBuilder();
            for (String[] a : additional) {
                additionalText.append(additionalText.length() > 0 ? "\n" : "")
                        .append(stackLine(t[0].replace("-noninteractive", ""), a[1]));
            }
            java.util.Optional<String> read = GuestFiles.text(guest, "usr/share/pam/common-" + t[0]);
            if (read.isEmpty()) {
                continue;
            }
            String template = read.get();
            StringBuilder out = new StringBuilder();
            for (String line : template.split("\n", -1)) {
                if (line.equals("$" + t[2] + "_primary")) {
                    out.append(primaryText).append('\n');
                } else if (line.equals("$" + t[2] + "_additional")) {
                    if (additionalText.length() > 0) {
                        out.append(additionalText).append('\n');
                    }
                } else {
                    out.append(line).append('\n');
                }
            }
            out.setLength(out.length() - 1); // split kept the text after the last newline as a last (empty) line
            guest.write("etc/pam.d/common-" + t[0], out.toString());
            StringBuilder state = new StringBuilder();
            String module = null;
            for (String[] m : concat(primary, additional)) {
                if (!m[0].equals(module)) {
                    state.append("Module: ").append(m[0]).append('\n');
                    module = m[0];
                }
                state.append(m[1]).append('\n');
            }
            guest.write("var/lib/pam/" + t[0], state.toString());
        }
        guest.write("var/lib/pam/seen", String.join("", profiles.stream().map(p -> p.name() + "\n").toList()));
        return true;
    }

    /** A profile's line in a stack: type, control, then the module and its arguments. */
    private static String stackLine(String type, String line) {
        if (line.equals(NULL_LINE)) {
            return type + "\t" + line;
        }
        String control;
        String rest;
        if (line.startsWith("[") && line.indexOf(']') > 0) {
            control = line.substring(0, line.indexOf(']') + 1);
            rest = line.substring(line.indexOf(']') + 1).strip();
        } else {
            String[] w = line.split("\\s+", 2);
            control = w[0];
            rest = w.length > 1 ? w[1].strip() : "";
        }
        String[] m = rest.split("\\s+", 2);
        return type + "\t" + control + "\t" + m[0] + " " + (m.length > 1 ? m[1] : "");
    }

    private static List<String[]> concat(List<String[]> a, List<String[]> b) {
        List<String[]> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** A profile's fields; a continuation line (starting with white space) adds a line to the field before it. */
    private static Map<String, String> fields(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        String last = null;
        for (String line : text.split("\n")) {
            if (!line.isEmpty() && Character.isWhitespace(line.charAt(0)) && last != null) {
                out.put(last, out.get(last) + "\n" + line.strip());
            } else if (line.indexOf(':') > 0) {
                last = line.substring(0, line.indexOf(':')).strip();
                out.put(last, line.substring(line.indexOf(':') + 1).strip());
            }
        }
        return out;
    }
}
