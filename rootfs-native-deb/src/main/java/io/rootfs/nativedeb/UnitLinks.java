package io.rootfs.nativedeb;

import io.rootfs.core.tree.GuestPath;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What {@code systemctl enable UNIT} and {@code deb-systemd-helper enable|update-state UNIT} leave
 * in a tree: the links the unit's {@code [Install]} section asks for ({@code WantedBy},
 * {@code RequiredBy}, {@code Alias}, {@code Also}) in {@code /etc/systemd/system}, pointing at the
 * unit where its package put it; deb-systemd-helper also records them under
 * {@code /var/lib/systemd/deb-systemd-helper-enabled}.
 */
final class UnitLinks {
    private static final String ETC = "/etc/systemd/system/";
    private static final String STATE = "var/lib/systemd/deb-systemd-helper-enabled/";

    private final GuestPath guest;
    /** unit file name to the path its package lists it at ({@code /lib/systemd/system/chrony.service}) */
    private final Map<String, String> units;

    UnitLinks(GuestPath guest, Map<String, String> units) {
        this.guest = guest;
        this.units = units;
    }

    /** {@code systemctl enable UNIT}; false when the unit is not in the tree. */
    boolean enable(String unit) throws IOException {
        return links(unit, true) != null;
    }

    /** {@code deb-systemd-helper enable UNIT}: the links and deb-systemd-helper's record of them. */
    boolean helperEnable(String unit) throws IOException {
        List<String> made = links(unit, true);
        if (made == null) {
            return false;
        }
        record(unit, made);
        for (String link : made) {
            guest.write(STATE + link.substring(ETC.length()), "");
        }
        return true;
    }

    /** {@code deb-systemd-helper update-state UNIT}: the record of the links enabling would make, none made. */
    boolean helperUpdateState(String unit) throws IOException {
        List<String> would = links(unit, false);
        if (would == null) {
            return false;
        }
        record(unit, would);
        return true;
    }

    private void record(String unit, List<String> links) throws IOException {
        guest.write(STATE + unit + ".dsh-also", String.join("", new TreeSet<>(links).stream().map(l -> l + "\n")
                .toList()));
    }

    /** The links enabling {@code unit} makes (made when {@code make}); null when the unit is not here. */
    private List<String> links(String unit, boolean make) throws IOException {
        return links(unit, make, new java.util.HashSet<>());
    }

    private List<String> links(String unit, boolean make, java.util.Set<String> seen) throws IOException {
        if (!unit.matches("[A-Za-z0-9@_.:\\\\-]+") || !seen.add(unit)) {
            return null; // not a unit name, or one an Also= chain named before
        }
        String template = unit.matches(".+@.+\\..+") ? unit.replaceFirst("@[^.]*\\.", "@.") : unit;
        String path = units.get(template);
        java.util.Optional<String> read = path == null ? java.util.Optional.empty() : GuestFiles.text(guest, path);
        if (read.isEmpty()) {
            return null;
        }
        List<String> made = new ArrayList<>();
        String text = read.get();
        boolean install = false;
        List<String> also = new ArrayList<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("[")) {
                install = line.equals("[Install]");
                continue;
            }
            int eq = line.indexOf('=');
            if (!install || eq < 0 || line.startsWith("#")) {
                continue;
            }
            String key = line.substring(0, eq).strip();
            for (String value : line.substring(eq + 1).strip().split("\\s+")) {
                if (!value.matches("[A-Za-z0-9@_.:\\\\-]+")) {
                    continue; // not a unit name ("../x" included)
                }
                switch (key) {
                    case "WantedBy" -> made.add(ETC + value + ".wants/" + unit);
                    case "RequiredBy" -> made.add(ETC + value + ".requires/" + unit);
                    case "Alias" -> made.add(ETC + value);
                    case "Also" -> also.add(value);
                    default -> {
                    }
                }
            }
        }
        if (make) {
            for (String link : made) {
                Alternatives.replaceLink(guest, link, path);
            }
            for (String other : also) {
                links(other, true, seen);
            }
        }
        return made;
    }
}
