package io.rootfs.nativedeb;

import io.rootfs.core.tree.GuestPath;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code update-alternatives --install} calls leave in a fresh tree, in auto mode: for each
 * name the choice of highest priority, its link ({@code /usr/bin/awk -> /etc/alternatives/awk ->
 * /usr/bin/mawk}) and slave links, and dpkg's record in {@code var/lib/dpkg/alternatives/NAME}.
 */
final class Alternatives {
    private record Choice(String path, int priority, Map<String, String> slaves) {
    }

    private record Group(String link, Map<String, String> slaveLinks, Map<String, Choice> choices) {
    }

    private final Map<String, Group> groups = new LinkedHashMap<>();

    /**
     * One call's arguments ({@code --install LINK NAME PATH PRIORITY [--slave LINK NAME PATH]...});
     * false when they are not a literal install this can reproduce.
     */
    boolean install(List<String> args) {
        int at = args.indexOf("--install");
        if (at < 0 || args.size() < at + 5 || !args.stream().allMatch(ScriptText::literal)
                || !args.get(at + 4).matches("-?\\d{1,9}") || !args.get(at + 1).startsWith("/")
                || !args.get(at + 3).startsWith("/") || !args.get(at + 2).matches("[A-Za-z0-9_.+-]+")) {
            return false;
        }
        String link = args.get(at + 1);
        String name = args.get(at + 2);
        String path = args.get(at + 3);
        int priority = Integer.parseInt(args.get(at + 4));
        Group group = groups.computeIfAbsent(name, n -> new Group(link, new LinkedHashMap<>(), new TreeMap<>()));
        Map<String, String> slaves = new LinkedHashMap<>();
        for (int i = at + 5; i < args.size(); i++) {
            if (args.get(i).equals("--slave") && i + 3 < args.size() && args.get(i + 1).startsWith("/")
                    && args.get(i + 2).matches("[A-Za-z0-9_.+-]+") && args.get(i + 3).startsWith("/")) {
                group.slaveLinks().putIfAbsent(args.get(i + 2), args.get(i + 1));
                slaves.put(args.get(i + 2), args.get(i + 3));
                i += 3;
            } else if (!args.get(i).startsWith("--quiet")) {
                return false;
            }
        }
        group.choices().put(path, new Choice(path, priority, slaves));
        return true;
    }

    /** Writes the links and dpkg's records; returns the number of alternatives. */
    int write(GuestPath guest) throws IOException {
        guest.mkdirs("etc/alternatives");
        guest.mkdirs("var/lib/dpkg/alternatives");
        for (Map.Entry<String, Group> e : groups.entrySet()) {
            String name = e.getKey();
            Group g = e.getValue();
            Choice best = null;
            for (Choice c : g.choices().values()) {
                if (best == null || c.priority() > best.priority()) {
                    best = c;
                }
            }
            StringBuilder admin = new StringBuilder("auto\n").append(g.link()).append('\n');
            g.slaveLinks().forEach((slave, link) -> admin.append(slave).append('\n').append(link).append('\n'));
            admin.append('\n');
            for (Choice c : g.choices().values()) {
                admin.append(c.path()).append('\n').append(c.priority()).append('\n');
                for (String slave : g.slaveLinks().keySet()) {
                    admin.append(c.slaves().getOrDefault(slave, "")).append('\n');
                }
            }
            admin.append('\n');
            guest.write("var/lib/dpkg/alternatives/" + name, admin.toString());
            replaceLink(guest, g.link(), "/etc/alternatives/" + name);
            replaceLink(guest, "/etc/alternatives/" + name, best.path());
            for (Map.Entry<String, String> slave : g.slaveLinks().entrySet()) {
                String target = best.slaves().get(slave.getKey());
                if (target != null && guest.exists(target.substring(1))) {
                    replaceLink(guest, slave.getValue(), "/etc/alternatives/" + slave.getKey());
                    replaceLink(guest, "/etc/alternatives/" + slave.getKey(), target);
                }
            }
        }
        return groups.size();
    }

    /** A link made anew at {@code path} (a file a package shipped there stays: dpkg's rule for alternatives). */
    static void replaceLink(GuestPath guest, String path, String target) throws IOException {
        String rel = path.replaceFirst("^/+", "");
        java.nio.file.Path at = guest.parentResolved(rel);
        if (java.nio.file.Files.isSymbolicLink(at)) {
            java.nio.file.Files.delete(at);
        } else if (java.nio.file.Files.exists(at, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        guest.link(rel, target);
    }

    List<String> names() {
        return new ArrayList<>(groups.keySet());
    }
}
