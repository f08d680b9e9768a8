package io.rootfs.nativedeb;

import io.rootfs.core.tree.Manifest;
import io.rootfs.core.tree.TreeEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a tree built without root records beside its files: the owners and modes the packages
 * gave their entries, then what the maintainer scripts changed in the user namespace (the entries
 * they gave other owners, listed there before being handed back to the build user), and the
 * device nodes whose placeholders were bound to the host's devices while the scripts ran.
 */
final class OwnersAfterScripts {
    private OwnersAfterScripts() {
    }

    static Manifest merge(Path tree, Manifest unpacked, List<TreeEntry> devices) throws IOException {
        Map<String, TreeEntry> recorded = new LinkedHashMap<>();
        unpacked.entries().forEach(e -> recorded.put(e.path(), e));
        Path list = tree.resolve(MaintainerScripts.OWNERS);
        String text = Files.readString(list, StandardCharsets.UTF_8);
        Files.delete(list);
        for (String line : text.split("\0")) {
            if (line.isEmpty()) {
                continue;
            }
            // "UID GID MODE /path" as find -printf wrote it
            String[] f = line.split(" ", 4);
            String path = f[3].replaceFirst("^/+", "");
            if (path.equals(MaintainerScripts.OWNERS)) {
                continue;
            }
            int uid = Integer.parseInt(f[0]);
            int gid = Integer.parseInt(f[1]);
            int mode = Integer.parseInt(f[2], 8);
            Map<String, Object> a = Files.readAttributes(tree.resolve(path), "unix:mode", java.nio.file.LinkOption.NOFOLLOW_LINKS);
            TreeEntry.Type type = TreeEntry.Type.ofMode((Integer) a.get("mode"));
            TreeEntry before = recorded.get(path);
            recorded.put(path, before != null && before.type() == type ? before.withOwner(uid, gid, mode)
                    : new TreeEntry(path, type, mode, uid, gid, 0, 0, "", 0, 0));
        }
        for (TreeEntry d : devices) {
            Files.deleteIfExists(tree.resolve(d.path()));
            recorded.put(d.path(), d);
        }
        return Manifest.of(recorded.values());
    }
}
