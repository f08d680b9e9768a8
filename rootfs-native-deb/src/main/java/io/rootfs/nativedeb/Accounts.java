package io.rootfs.nativedeb;

import io.rootfs.core.tree.GuestPath;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The guest's users and groups, as the maintainer scripts would leave them, changed in memory
 * and written once: base-passwd's master files, {@code systemd-sysusers}'s declarations,
 * {@code adduser --system} and {@code groupadd} calls, and {@code shadowconfig on}
 * (shadow and gshadow). System ids are taken as those tools take them: adduser from 100 up,
 * systemd-sysusers from 999 down.
 */
final class Accounts {
    /** adduser's and sysusers' range of system ids (Debian's adduser.conf and login.defs). */
    static final int FIRST_SYSTEM_ID = 100;
    static final int LAST_SYSTEM_ID = 999;

    private final Map<String, String[]> users = new LinkedHashMap<>();
    private final Map<String, String[]> groups = new LinkedHashMap<>();
    /** shadow and gshadow lines, once the files exist (shadowconfig, or a tool that writes them). */
    private final Map<String, String> shadow = new LinkedHashMap<>();
    private final Map<String, String> gshadow = new LinkedHashMap<>();
    private boolean shadowFiles;
    private final long day;

    /** @param sourceDateEpoch the build's time: the "last changed" day of new shadow entries */
    Accounts(long sourceDateEpoch) {
        this.day = sourceDateEpoch / 86400;
    }

    /** Reads passwd and group from the tree, else base-passwd's masters (what its preinst writes). */
    static Accounts read(GuestPath guest, long sourceDateEpoch) throws IOException {
        Accounts a = new Accounts(sourceDateEpoch);
        a.load(guest, "etc/passwd", "usr/share/base-passwd/passwd.master", a.users, 7);
        a.load(guest, "etc/group", "usr/share/base-passwd/group.master", a.groups, 4);
        return a;
    }

    private void load(GuestPath guest, String file, String master, Map<String, String[]> into, int fields)
            throws IOException {
        String from = guest.exists(file) ? file : master;
        for (String line : GuestFiles.text(guest, from).orElse("").split("\n")) {
            String[] f = line.split(":", -1);
            // a line that is not NAME:PASSWORD:ID:... is left out, as the tools skip it
            if (f.length == fields && id(f[2]) >= 0) {
                into.put(f[0], f);
            }
        }
    }

    /** A user or group id as the files hold it; -1 when it is none. */
    private static int id(String value) {
        return value.matches("\\d{1,9}") ? Integer.parseInt(value) : -1;
    }

    boolean hasUser(String name) {
        return users.containsKey(name);
    }

    boolean hasGroup(String name) {
        return groups.containsKey(name);
    }

    Optional<Integer> uid(String name) {
        return Optional.ofNullable(users.get(name)).map(f -> id(f[2]));
    }

    Optional<Integer> gid(String name) {
        return Optional.ofNullable(groups.get(name)).map(f -> id(f[2]));
    }

    /** A numeric id or a name known here; null when neither. */
    Integer uidOf(String nameOrId) {
        return nameOrId.matches("\\d{1,9}") ? Integer.valueOf(nameOrId) : uid(nameOrId).orElse(null);
    }

    Integer gidOf(String nameOrId) {
        return nameOrId.matches("\\d{1,9}") ? Integer.valueOf(nameOrId) : gid(nameOrId).orElse(null);
    }

    /** {@code addgroup --system NAME}: the first free gid from 100. */
    void addSystemGroup(String name) {
        addGroup(name, firstFree(groups, FIRST_SYSTEM_ID, 1), "!");
    }

    /** For the log: how many users and groups. */
    String summary() {
        return users.size() + " users, " + groups.size() + " groups";
    }

    /** {@code groupadd -g GID NAME} when the group is missing. */
    void addGroup(String name, int gid, String shadowPassword) {
        if (!groups.containsKey(name)) {
            groups.put(name, new String[] {name, "x", Integer.toString(gid), ""});
            if (shadowFiles) {
                gshadow.put(name, name + ":" + shadowPassword + "::");
            }
        }
    }

    /**
     * {@code adduser --system [--group] [--ingroup G] [--home H] [--shell S] [--gecos C] NAME}: a
     * system user with the first free uid from 100 (and its own group, the first free gid from
     * 100, with {@code --group}); {@code nogroup} when no group is named.
     */
    void addSystemUser(String name, boolean ownGroup, String ingroup, String home, String shell, String gecos) {
        if (users.containsKey(name)) {
            return;
        }
        int uid = firstFree(users, FIRST_SYSTEM_ID, 1);
        int gid;
        if (ownGroup) {
            gid = gid(name).orElseGet(() -> {
                int g = firstFree(groups, FIRST_SYSTEM_ID, 1);
                addGroup(name, g, "!");
                return g;
            });
        } else {
            gid = gid(ingroup == null ? "nogroup" : ingroup).orElse(65534);
        }
        // adduser fills the gecos' four comma-separated fields
        String comment = gecos == null ? "" : gecos.contains(",") ? gecos : gecos + ",,,";
        users.put(name, new String[] {name, "x", Integer.toString(uid), Integer.toString(gid), comment,
                home == null ? "/home/" + name : home, shell == null ? "/usr/sbin/nologin" : shell});
        if (shadowFiles) {
            shadow.put(name, name + ":!:" + day + "::::::");
        }
    }

    /**
     * One line of a sysusers.d file ({@code u}, {@code g} or {@code m}), as systemd-sysusers adds
     * it: a missing user or group with the id given, or the highest free one below 1000 (for a user
     * without an id, the same number for its group where it is free).
     */
    void sysusersLine(String line) {
        List<String> f = sysusersFields(line);
        if (f.size() < 2) {
            return;
        }
        String type = f.get(0);
        String name = f.get(1);
        if (!name.matches("[A-Za-z_][A-Za-z0-9_.-]{0,31}")) {
            return; // systemd-sysusers refuses such a name too
        }
        String id = f.size() > 2 ? f.get(2) : "-";
        String gecos = f.size() > 3 && !f.get(3).equals("-") ? f.get(3) : "";
        String home = f.size() > 4 && !f.get(4).equals("-") ? f.get(4) : "/";
        String shell = f.size() > 5 && !f.get(5).equals("-") ? f.get(5) : "/usr/sbin/nologin";
        shadowFiles = true;
        switch (type) {
            case "g" -> {
                if (!groups.containsKey(name)) {
                    int gid = id.matches("\\d{1,9}") ? Integer.parseInt(id) : firstFree(groups, LAST_SYSTEM_ID, -1);
                    groups.put(name, new String[] {name, "x", Integer.toString(gid), ""});
                    gshadow.put(name, name + ":!*::");
                }
            }
            case "u" -> {
                if (users.containsKey(name)) {
                    return;
                }
                int uid;
                int gid;
                if (id.matches("\\d{1,9}")) {
                    uid = Integer.parseInt(id);
                    gid = gid(name).orElse(uid);
                } else if (id.matches("\\d{1,9}:\\d{1,9}")) {
                    uid = Integer.parseInt(id.split(":")[0]);
                    gid = Integer.parseInt(id.split(":")[1]);
                } else {
                    uid = firstFreeOfBoth(LAST_SYSTEM_ID);
                    gid = gid(name).orElse(uid);
                }
                if (!groups.containsKey(name)) {
                    groups.put(name, new String[] {name, "x", Integer.toString(gid), ""});
                    gshadow.put(name, name + ":!*::");
                }
                users.put(name, new String[] {name, "x", Integer.toString(uid), Integer.toString(gid), gecos, home, shell});
                shadow.put(name, name + ":!*:" + day + "::::::");
            }
            case "m" -> {
                if (f.size() > 2 && groups.containsKey(f.get(2))) {
                    String[] g = groups.get(f.get(2));
                    List<String> members = new ArrayList<>(g[3].isEmpty() ? List.of() : List.of(g[3].split(",")));
                    if (!members.contains(name)) {
                        members.add(name);
                        g[3] = String.join(",", members);
                    }
                }
            }
            default -> {
                // r (ranges) and comments: nothing to add
            }
        }
    }

    /** {@code shadowconfig on}: every user and group gets its shadow entry, and "x" in passwd and group. */
    void shadowOn() {
        shadowFiles = true;
        for (String[] u : users.values()) {
            String password = u[1].equals("x") ? "*" : u[1];
            u[1] = "x";
            shadow.putIfAbsent(u[0], u[0] + ":" + password + ":" + day + ":0:99999:7:::");
        }
        for (String[] g : groups.values()) {
            String password = g[1].equals("x") ? "*" : g[1];
            g[1] = "x";
            gshadow.putIfAbsent(g[0], g[0] + ":" + password + "::" + g[3]);
        }
    }

    /** Writes passwd, group and (once they exist) shadow and gshadow; returns the files written, for their owners. */
    List<String> write(GuestPath guest) throws IOException {
        List<String> written = new ArrayList<>();
        write(guest, "etc/passwd", users.values().stream().map(f -> String.join(":", f)).toList(), written);
        write(guest, "etc/group", groups.values().stream().map(f -> String.join(":", f)).toList(), written);
        if (shadowFiles) {
            write(guest, "etc/shadow", List.copyOf(shadow.values()), written);
            write(guest, "etc/gshadow", List.copyOf(gshadow.values()), written);
        }
        return written;
    }

    private static void write(GuestPath guest, String file, List<String> lines, List<String> written) throws IOException {
        if (lines.isEmpty()) {
            return;
        }
        guest.write(file, String.join("\n", lines) + "\n");
        written.add(file);
    }

    private static int firstFree(Map<String, String[]> table, int from, int step) {
        java.util.Set<Integer> taken = new java.util.HashSet<>();
        table.values().forEach(f -> taken.add(id(f[2])));
        int id = from;
        while (taken.contains(id)) {
            id += step;
        }
        return id;
    }

    /** sysusers' choice for a user of its own group: the highest id free both as a uid and a gid. */
    private int firstFreeOfBoth(int from) {
        java.util.Set<Integer> taken = new java.util.HashSet<>();
        users.values().forEach(f -> taken.add(id(f[2])));
        groups.values().forEach(f -> taken.add(id(f[2])));
        int id = from;
        while (taken.contains(id)) {
            id--;
        }
        return id;
    }

    /** A sysusers.d line's fields: space-separated, a double-quoted field may hold spaces. */
    static List<String> sysusersFields(String line) {
        List<String> out = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(line.strip());
        while (m.find()) {
            out.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return out;
    }
}
