package io.rootfs.core.distro;

import java.util.ArrayList;
import java.util.List;

/** The table {@code rootfs:list} prints: one row a distro, columns padded to fit. */
public final class DistroTable {
    static final List<String> HEADER = List.of("ID", "NAME", "OS VERSION", "INIT", "EXCLUDED ARCHES", "UPSTREAM",
            "SOURCE");

    private DistroTable() {
    }

    public static List<String> render(List<Distro> distros) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (Distro d : distros) {
            ConfigSh config = d.config();
            List<String> excluded = config.archExcludeList();
            rows.add(List.of(d.id(), d.descriptor().name(), orDash(config.osVersion()), orDash(config.initProcess()),
                    excluded.isEmpty() ? "-" : orDash(String.join(" ", excluded)), orDash(d.descriptor().upstream()),
                    d.source().label() + " " + d.origin()));
        }
        int[] widths = new int[HEADER.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == row.size() - 1 ? row.get(i) : String.format("%-" + (widths[i] + 2) + "s", row.get(i)));
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }

    /** Values read from a distro's files are shown, never interpreted: control characters become '?'. */
    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s.replaceAll("\\p{Cntrl}", "?");
    }

    /** A distro's test configuration, in the lines Kata's {@code rootfs.sh -t DISTRO} prints. */
    public static List<String> testConfig(Distro d) {
        return List.of("INIT_PROCESS:\t\t" + d.config().initProcess(),
                "ARCH_EXCLUDE_LIST:\t\t" + String.join(" ", d.config().archExcludeList()));
    }
}
