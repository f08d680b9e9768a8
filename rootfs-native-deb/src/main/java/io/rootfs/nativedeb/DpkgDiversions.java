package io.rootfs.nativedeb;

import io.rootfs.core.RootfsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** dpkg's diversions ({@code var/lib/dpkg/diversions}), as the essential set's scripts leave them. */
final class DpkgDiversions {
    private DpkgDiversions() {
    }

    /**
     * Refuses a package of the rest that ships a path the essential set's scripts diverted
     * ({@code dpkg-divert}): dpkg would unpack it to the diverted name, the stage does not.
     */
    static void refuseShipped(Path tree, Map<String, List<String>> lists, List<DebPackage> rest) throws IOException {
        Path diversions = new io.rootfs.core.tree.GuestPath(tree).resolve("var/lib/dpkg/diversions");
        if (!Files.isRegularFile(diversions, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        // dpkg's file: the diverted path, where it goes, and the package that diverted it, a line each
        List<String> lines = Files.readAllLines(diversions, StandardCharsets.UTF_8);
        Map<String, String> diverted = new java.util.HashMap<>();
        for (int i = 0; i + 2 < lines.size(); i += 3) {
            diverted.put(lines.get(i), lines.get(i + 1) + " (by " + lines.get(i + 2) + ")");
        }
        for (DebPackage p : rest) {
            for (String path : lists.getOrDefault(p.name(), List.of())) {
                String to = diverted.get(path);
                if (to != null) {
                    throw RootfsException.input("Package " + p.name() + " ships " + path + ", which a script of the"
                            + " essential set diverted to " + to + "; the native backend does not divert what it"
                            + " unpacks after them. Build with -Drootfs.backend=host, or"
                            + " -Drootfs.maintainerScripts=declarative.");
                }
            }
        }
    }
}
