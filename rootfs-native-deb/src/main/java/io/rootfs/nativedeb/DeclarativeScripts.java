package io.rootfs.nativedeb;

import io.rootfs.api.BuildLog;
import io.rootfs.core.tree.GuestPath;
import io.rootfs.core.tree.TreeEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The maintainer scripts' effects on a fresh install, reproduced without running any guest code
 * (no chroot, no namespaces, any architecture), as distroless and apko build images: the calls
 * whose effects are known are read from the scripts themselves (update-alternatives, unit
 * enablement, accounts, tmpfiles, ucf, update-rc.d, shells, ldconfig), and what each package's
 * scripts do by hand is in {@code declarative-effects.txt}, a list written from reading them. A
 * package whose scripts run anything else is named in a warning.
 */
final class DeclarativeScripts {
    /** Programs whose calls are reproduced from their arguments. */
    private static final Set<String> REPRODUCED = Set.of("update-alternatives", "deb-systemd-helper", "systemctl",
            "adduser", "addgroup", "groupadd", "systemd-sysusers", "shadowconfig", "systemd-tmpfiles", "ucf", "ucfr",
            "ldconfig", "update-shells", "add-shell", "update-rc.d", "dpkg-statoverride", "systemd-machine-id-setup",
            "pam-auth-update");
    /** Programs that read the tree or act on a running system only: nothing to reproduce in a fresh tree. */
    private static final Set<String> NO_EFFECT = Set.of("dpkg-maintscript-helper", "deb-systemd-invoke", "invoke-rc.d",
            "dpkg", "dpkg-query", "dpkg-trigger", "dpkg-realpath", "update-menus", "update-initramfs", "update-grub",
            "apparmor_parser", "aa-enabled", "journalctl", "getent", "grep", "egrep", "fgrep", "cut", "cmp", "md5sum",
            "sha256sum", "sha512sum", "readlink", "realpath", "which", "uname", "head", "tail", "tr", "sort", "uniq",
            "basename", "dirname", "seq", "sleep", "date", "id", "stat", "wc", "runlevel", "telinit");
    private static final String CATALOG = "declarative-effects.txt";
    /** ucf keeps its files' earlier versions as NAME.0 to NAME.6. */
    private static final int UCF_VERSIONS = 7;

    /** What was done: the entries whose owners and modes were set, and the warnings given. */
    record Result(Map<String, TreeEntry> owners, List<String> warnings, String summary) {
    }

    private final GuestPath guest;
    private final boolean root;
    private final long sourceDateEpoch;
    private final String debArch;
    private final BuildLog log;
    private final Map<String, TreeEntry> owners = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private final Map<String, List<List<String>>> catalog;

    DeclarativeScripts(Path tree, boolean root, long sourceDateEpoch, String debArch, BuildLog log) throws IOException {
        this.guest = new GuestPath(tree);
        this.root = root;
        this.sourceDateEpoch = sourceDateEpoch;
        this.debArch = debArch;
        this.log = log;
        this.catalog = catalog();
    }

    /**
     * The warning for a package whose scripts do more than what is reproduced: "The postinst of X is not reproduced: it
     * runs Y. ...", naming each script and what it runs that this class does not reproduce.
     */
    static String notReproduced(String name, Map<String, Set<String>> unknownIn) {
        boolean one = unknownIn.size() == 1;
        Set<String> programs = new LinkedHashSet<>();
        unknownIn.values().forEach(programs::addAll);
        return "The " + String.join(" and ", unknownIn.keySet()) + " of " + name + (one ? " is" : " are")
                + " not reproduced: " + (one ? "it runs " : "they run ") + String.join(", ", programs)
                + ". Build with a user namespace (or as root) so that " + (one ? "it runs" : "they run")
                + ", or with -Drootfs.backend=host.";
    }

    /** Reproduces the scripts of {@code packages} (unpacked, in the database) in dpkg's configure order. */
    Result apply(List<DpkgDatabase.Installed> packages) throws IOException {
        List<DpkgDatabase.Installed> order = configureOrder(packages);
        Accounts accounts = Accounts.read(guest, sourceDateEpoch);
        Alternatives alternatives = new Alternatives();
        UnitLinks units = new UnitLinks(guest, unitPaths(packages));
        Map<String, String> statoverrides = new TreeMap<>();
        StringBuilder diversions = new StringBuilder();
        Map<String, String> ucfHashes = new LinkedHashMap<>();
        StringBuilder ucfRegistry = new StringBuilder();
        Set<String> shells = new LinkedHashSet<>();
        boolean shellsAsked = false;
        List<Tmpfiles.Made> tmpfiles = new ArrayList<>();
        int enabled = 0;
        boolean pam = false;
        for (DpkgDatabase.Installed p : order) {
            String name = p.name();
            for (List<String> effect : catalog.getOrDefault(name, List.of())) {
                catalogEffect(name, effect, statoverrides, diversions);
            }
            // what each script runs that is not reproduced, by script
            Map<String, Set<String>> unknownIn = new LinkedHashMap<>();
            for (String script : List.of("preinst", "postinst")) {
                byte[] text = p.controlFiles().get(script);
                if (text == null) {
                    continue;
                }
                List<String> unknown = new ArrayList<>();
                ScriptText s = ScriptText.of(new String(text, StandardCharsets.UTF_8));
                Set<String> programs = s.programs();
                // a unit the script enables only when "debian-installed" (a package upgraded): not on a fresh install
                Set<String> upgradeOnly = new java.util.HashSet<>();
                s.calls("deb-systemd-helper").stream().filter(a -> a.contains("debian-installed"))
                        .forEach(a -> upgradeOnly.addAll(a.subList(a.indexOf("debian-installed") + 1, a.size())));
                for (List<String> c : s.commands()) {
                    List<String> args = c.subList(1, c.size());
                    switch (c.get(0)) {
                        case "update-alternatives" -> {
                            if (args.contains("--install") && !alternatives.install(args)) {
                                unknown.add("update-alternatives with values set when it runs");
                            }
                        }
                        case "deb-systemd-helper" -> {
                            List<String> words = args.stream().filter(a -> !a.startsWith("--")).toList();
                            if (words.size() > 1 && words.stream().allMatch(ScriptText::literal)) {
                                for (String unit : words.subList(1, words.size())) {
                                    if (words.get(0).equals("enable") && !upgradeOnly.contains(unit)
                                            && units.helperEnable(unit)) {
                                        enabled++;
                                    } else if (words.get(0).equals("update-state")) {
                                        units.helperUpdateState(unit);
                                    }
                                }
                            }
                        }
                        case "systemctl" -> {
                            int at = args.indexOf("enable");
                            if (at >= 0) {
                                for (String unit : args.subList(at + 1, args.size())) {
                                    if (!unit.startsWith("-") && ScriptText.literal(unit) && units.enable(unit)) {
                                        enabled++;
                                    }
                                }
                            }
                        }
                        case "adduser", "addgroup" -> adduser(c.get(0), args, accounts, unknown);
                        case "groupadd" -> {
                            // groupadd -g GID NAME (the fixed ids of Debian's policy, as passwd's postinst adds shadow)
                            int g = args.indexOf("-g");
                            if (g >= 0 && g + 2 < args.size() && args.get(g + 1).matches("\\d{1,9}")
                                    && args.get(args.size() - 1).matches("[A-Za-z_][A-Za-z0-9_.-]{0,31}")
                                    && args.stream().allMatch(ScriptText::literal)) {
                                accounts.addGroup(args.get(args.size() - 1), Integer.parseInt(args.get(g + 1)), "*");
                            } else if (!args.isEmpty()) {
                                unknown.add("groupadd " + String.join(" ", args));
                            }
                        }
                        case "systemd-sysusers" -> sysusers(args, accounts);
                        case "shadowconfig" -> {
                            if (args.contains("on")) {
                                accounts.shadowOn();
                            }
                        }
                        case "systemd-tmpfiles" -> {
                            if (args.contains("--create")) {
                                tmpfiles.addAll(Tmpfiles.create(guest, args.stream()
                                        .filter(a -> !a.startsWith("-") && ScriptText.literal(a)).toList()));
                            }
                        }
                        case "ucf" -> ucf(args, ucfHashes);
                        case "ucfr" -> {
                            List<String> w = args.stream().filter(a -> !a.startsWith("-")).toList();
                            if (w.size() == 2 && w.stream().allMatch(ScriptText::literal)) {
                                ucfRegistry.append(w.get(0)).append(" \t ").append(w.get(1)).append('\n');
                            }
                        }
                        case "update-shells" -> shellsAsked = true;
                        case "add-shell" -> {
                            args.stream().filter(ScriptText::literal).forEach(shells::add);
                            shellsAsked = true;
                        }
                        case "update-rc.d" -> updateRcD(args);
                        case "pam-auth-update" -> pam = args.contains("--package") || pam;
                        case "systemd-machine-id-setup" -> put("etc/machine-id", ""); // emptied, as the cleanup leaves it
                        default -> {
                            String program = c.get(0).substring(c.get(0).lastIndexOf('/') + 1);
                            if (!catalog.containsKey(name) && programs.contains(program)
                                    && !REPRODUCED.contains(program) && !NO_EFFECT.contains(program)
                                    && !program.startsWith("db_")) {
                                unknown.add(program);
                            }
                        }
                    }
                }
                if (!unknown.isEmpty()) {
                    unknownIn.put(script, new LinkedHashSet<>(unknown));
                }
            }
            if (!unknownIn.isEmpty()) {
                String w = notReproduced(name, unknownIn);
                warnings.add(w);
                log.warn(w);
            }
        }
        List<String> accountFiles = accounts.write(guest);
        ownersByName(accounts);
        for (String file : accountFiles) {
            if (file.endsWith("shadow")) {
                own(file, 0640, 0, accounts.gid("shadow").orElse(42));
            }
        }
        for (Tmpfiles.Made m : tmpfiles) {
            Integer uid = accounts.uidOf(m.user());
            Integer gid = accounts.gidOf(m.group());
            own(m.path(), m.mode(), uid == null ? 0 : uid, gid == null ? 0 : gid);
        }
        for (Map.Entry<String, String> o : statoverrides.entrySet()) {
            String[] f = o.getValue().split(" ");
            Integer uid = accounts.uidOf(f[0]);
            Integer gid = accounts.gidOf(f[1]);
            if (uid != null && gid != null && guest.exists(o.getKey().substring(1))) {
                own(o.getKey().substring(1), Integer.parseInt(f[2], 8), uid, gid);
            }
        }
        put("var/lib/dpkg/statoverride", String.join("", statoverrides.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey() + "\n").toList()));
        put("var/lib/dpkg/diversions", diversions.toString());
        if (!ucfHashes.isEmpty()) {
            guest.mkdirs("var/lib/ucf/cache");
            rotated("var/lib/ucf/hashfile", ucfHashes.entrySet().stream().map(e -> e.getValue() + "  " + e.getKey()
                    + "\n").toList());
            rotated("var/lib/ucf/registry", List.of(ucfRegistry.toString().split("(?<=\n)")));
        }
        if (shellsAsked) {
            shells(shells);
        }
        boolean pamWritten = pam && PamAuthUpdate.write(guest);
        int links = alternatives.write(guest);
        aptFolders(accounts);
        emptyRunAndTmp();
        int libs = 0;
        if (order.stream().anyMatch(p -> p.name().equals("libc-bin"))) {
            String version = order.stream().filter(p -> p.name().equals("libc-bin")).findFirst()
                    .map(p -> p.control().get("Version")).orElse("");
            libs = LdSoCache.write(guest, List.of("/lib/" + multiarch(), "/usr/lib/" + multiarch()),
                    "rootfs-maven-plugin, in place of ldconfig (Debian GLIBC " + version + ")");
        }
        return new Result(owners, warnings, accounts.summary() + ", " + links + " alternatives, " + enabled
                + " units enabled, ld.so.cache of " + libs + " libraries, " + (pamWritten ? "PAM stacks, " : "")
                + warnings.size() + " packages not reproduced");
    }

    /** apt's folders as {@code apt-get clean} leaves them (what the scripts' run ends with). */
    private void aptFolders(Accounts accounts) throws IOException {
        for (String d : List.of("var/cache/apt/archives", "var/lib/apt/lists")) {
            guest.mkdirs(d + "/partial");
            put(d + "/lock", "");
            own(d + "/lock", 0640, 0, 0);
            own(d + "/partial", 0700, accounts.uid("_apt").orElse(0), 0);
        }
    }

    /**
     * A file ucf rewrote once per line, keeping each earlier version as {@code NAME.0},
     * {@code NAME.1} ... (the newest first): the file, and the versions before each line was added.
     */
    private void rotated(String file, List<String> lines) throws IOException {
        put(file, String.join("", lines));
        for (int i = 0; i < Math.min(lines.size(), UCF_VERSIONS); i++) {
            put(file + "." + i, String.join("", lines.subList(0, lines.size() - 1 - i)));
        }
    }

    /** What the scripts' tools made in /run and /tmp goes, as mmdebstrap's cleanup removes it (/run/lock stays). */
    private void emptyRunAndTmp() throws IOException {
        for (String dir : List.of("run", "tmp")) {
            Path at = guest.parentResolved(dir);
            if (!Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try (var s = Files.list(at)) {
                for (Path p : s.toList()) {
                    if (!(dir.equals("run") && p.getFileName().toString().equals("lock"))) {
                        io.rootfs.core.tree.Trees.deleteIfExists(p);
                    }
                }
            }
        }
    }

    private void adduser(String program, List<String> args, Accounts accounts, List<String> unknown) {
        if (!args.stream().allMatch(ScriptText::literal)) {
            unknown.add(program + " with values set when it runs");
            return;
        }
        boolean system = args.contains("--system");
        boolean group = args.contains("--group") || program.equals("addgroup");
        Map<String, String> options = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (List.of("--home", "--shell", "--gecos", "--comment", "--ingroup", "--uid", "--gid").contains(a)
                    && i + 1 < args.size()) {
                options.put(a, args.get(++i));
            } else if (!a.startsWith("-")) {
                names.add(a);
            }
        }
        if (!system || names.size() != 1 || !names.get(0).matches("[A-Za-z_][A-Za-z0-9_.-]{0,31}")) {
            unknown.add(program + " " + String.join(" ", args));
            return;
        }
        if (program.equals("addgroup")) {
            if (!accounts.hasGroup(names.get(0))) {
                accounts.addSystemGroup(names.get(0));
            }
            return;
        }
        accounts.addSystemUser(names.get(0), group, options.get("--ingroup"), options.get("--home"),
                options.get("--shell"), options.getOrDefault("--gecos", options.get("--comment")));
    }

    private void sysusers(List<String> args, Accounts accounts) throws IOException {
        List<String> confs = args.stream().filter(a -> !a.startsWith("-") && ScriptText.literal(a)).toList();
        if (confs.isEmpty()) {
            confs = GuestFiles.names(guest, "usr/lib/sysusers.d").stream().filter(n -> n.endsWith(".conf")).toList();
        }
        for (String conf : confs) {
            if (!conf.matches("[A-Za-z0-9._-]+\\.conf")) {
                continue;
            }
            for (String line : GuestFiles.text(guest, "usr/lib/sysusers.d/" + conf).orElse("").split("\n")) {
                if (!line.isBlank() && !line.strip().startsWith("#")) {
                    accounts.sysusersLine(line);
                }
            }
        }
    }

    /** {@code ucf [--three-way] NEW DEST}: on a fresh install, the package's file copied into place. */
    private void ucf(List<String> args, Map<String, String> hashes) throws IOException {
        List<String> w = args.stream().filter(a -> !a.startsWith("-")).toList();
        if (w.size() != 2 || !w.stream().allMatch(a -> ScriptText.literal(a) && a.matches("/[^/].*") && !GuestFiles.dotDot(a))) {
            return;
        }
        String from = w.get(0).substring(1);
        String to = w.get(1).substring(1);
        if (GuestFiles.regularFile(guest, from).isPresent()) {
            if (!guest.exists(to)) {
                copy(from, to);
            }
            Optional<Path> placed = GuestFiles.regularFile(guest, to);
            if (placed.isEmpty()) {
                return;
            }
            hashes.put(w.get(1), DpkgDatabase.md5(placed.get()));
            // ucf keeps the package's version, for a three-way merge at the next upgrade
            guest.mkdirs("var/lib/ucf/cache");
            copy(from, "var/lib/ucf/cache/" + w.get(1).replace('/', ':'));
        }
    }

    /** {@code update-rc.d NAME defaults}: the start and stop links of the script's LSB header, as without insserv. */
    private void updateRcD(List<String> args) throws IOException {
        if (args.size() < 2 || !args.get(1).equals("defaults") || !args.stream().allMatch(ScriptText::literal)) {
            return;
        }
        String name = args.get(0);
        String script = "etc/init.d/" + name;
        if (!name.matches("[A-Za-z0-9._-]+") || !guest.exists(script)) {
            return;
        }
        for (String line : GuestFiles.text(guest, script).orElse("").split("\n")) {
            String l = line.strip();
            boolean start = l.startsWith("# Default-Start:");
            if (start || l.startsWith("# Default-Stop:")) {
                for (String level : l.substring(l.indexOf(':') + 1).strip().split("\\s+")) {
                    if (level.matches("[0-6S]")) {
                        Alternatives.replaceLink(guest, "/etc/rc" + level + ".d/" + (start ? "S01" : "K01") + name,
                                "../init.d/" + name);
                    }
                }
            }
        }
    }

    /** /etc/shells as update-shells writes it: the base list, then what packages add. */
    private void shells(Set<String> added) throws IOException {
        List<String> lines = new ArrayList<>();
        String base = guest.exists("etc/shells") ? "etc/shells" : "usr/share/debianutils/shells";
        lines.addAll(List.of(GuestFiles.text(guest, base).orElse("").split("\n")));
        for (String name : GuestFiles.names(guest, "usr/share/debianutils/shells.d")) {
            for (String l : GuestFiles.text(guest, "usr/share/debianutils/shells.d/" + name).orElse("").split("\n")) {
                if (!l.isBlank() && !l.startsWith("#") && !lines.contains(l.strip())) {
                    lines.add(l.strip());
                }
            }
        }
        lines.addAll(added);
        // as update-shells on a merged-/usr tree: each shell also under /usr when its folder is /usr's
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            if (!out.contains(l)) {
                out.add(l);
            }
            String top = l.startsWith("/") && l.indexOf('/', 1) > 0 ? l.substring(1, l.indexOf('/', 1)) : "";
            Path folder = guest.parentResolved(top);
            if (!top.isEmpty() && Files.isSymbolicLink(folder)
                    && Files.readSymbolicLink(folder).toString().replaceFirst("^/", "").equals("usr/" + top)
                    && !out.contains("/usr" + l)) {
                out.add("/usr" + l);
            }
        }
        put("etc/shells", String.join("\n", out) + "\n");
        put("var/lib/shells.state", String.join("", out.stream().filter(l -> l.startsWith("/")).map(l -> l + "\n")
                .toList()));
    }

    private void catalogEffect(String pkg, List<String> e, Map<String, String> statoverrides, StringBuilder diversions)
            throws IOException {
        switch (e.get(0)) {
            case "read" -> {
            }
            case "copy" -> {
                String to = e.get(2).substring(1);
                boolean folder = !to.contains("/") || guest.exists(to.substring(0, to.lastIndexOf('/')));
                if (folder && !guest.exists(to) && guest.exists(e.get(1).substring(1))) {
                    copy(e.get(1).substring(1), e.get(2).substring(1));
                }
            }
            case "dir" -> {
                String path = e.get(1).substring(1);
                if (!guest.exists(path)) {
                    guest.mkdirs(path);
                    String[] owner = e.get(3).split(":");
                    ownByName(path, Integer.parseInt(e.get(2), 8), owner[0], owner[1]);
                }
            }
            case "link" -> {
                String path = e.get(1).substring(1);
                Path at = guest.parentResolved(path);
                if (Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS)) {
                    try (var s = Files.list(at)) {
                        if (s.findAny().isPresent()) {
                            return;
                        }
                    }
                    Files.delete(at);
                }
                if (!Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
                    guest.link(path, e.get(2));
                }
            }
            case "file" -> {
                String path = e.get(1).substring(1);
                if (!guest.exists(path)) {
                    guest.write(path, "");
                }
                String[] owner = e.get(3).split(":");
                ownByName(path, Integer.parseInt(e.get(2), 8), owner[0], owner[1]);
            }
            case "text" -> {
                String path = e.get(1).substring(1);
                if (!guest.exists(path)) {
                    guest.write(path, e.get(2).replace("\\n", "\n").replace("\\t", "\t"));
                }
            }
            case "statoverride" -> statoverrides.put(e.get(4), e.get(1) + " " + e.get(2) + " " + e.get(3).replaceFirst("^0", ""));
            case "divert" -> diversions.append(e.get(1)).append('\n').append(e.get(2)).append('\n').append(pkg).append('\n');
            default -> throw new IllegalStateException("Unknown effect in " + CATALOG + ": " + e);
        }
    }

    /** Names resolved once the accounts are written: the effect's owner, by the guest's names. */
    private final List<String[]> byName = new ArrayList<>();

    private void ownByName(String path, int mode, String user, String group) {
        byName.add(new String[] {path, Integer.toOctalString(mode), user, group});
    }

    /** Resolves the owners given by name, with the guest's accounts as written. */
    private void ownersByName(Accounts accounts) throws IOException {
        for (String[] o : byName) {
            Integer uid = accounts.uidOf(o[2]);
            Integer gid = accounts.gidOf(o[3]);
            own(o[0], Integer.parseInt(o[1], 8), uid == null ? 0 : uid, gid == null ? 0 : gid);
        }
    }

    /** Gives an entry of the tree its owner and mode: set on disk as root, recorded for the manifest without. */
    private void own(String path, int mode, int uid, int gid) throws IOException {
        Path at = guest.parentResolved(path);
        if (GuestFiles.dotDot(path) || !GuestFiles.inside(guest, at) || !Files.exists(at, LinkOption.NOFOLLOW_LINKS)
                || Files.isSymbolicLink(at)) {
            return;
        }
        if (root) {
            Files.setAttribute(at, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(at, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(at, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
        } else {
            Files.setAttribute(at, "unix:mode", mode | (Files.isDirectory(at) ? 0700 : 0600), LinkOption.NOFOLLOW_LINKS);
        }
        owners.put(path, new TreeEntry(path, TreeEntry.Type.FILE, mode, uid, gid, 0, 0, "", 0, 0));
    }

    private void copy(String from, String to) throws IOException {
        Optional<Path> regular = GuestFiles.regularFile(guest, from);
        Path target = guest.parentResolved(to);
        if (regular.isEmpty() || GuestFiles.dotDot(to) || !GuestFiles.inside(guest, target)) {
            return;
        }
        Path source = regular.get();
        Files.deleteIfExists(target);
        Files.copy(source, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
    }

    private void put(String path, String content) throws IOException {
        guest.write(path, content);
    }

    private String multiarch() {
        return switch (debArch) {
            case "amd64" -> "x86_64-linux-gnu";
            case "arm64" -> "aarch64-linux-gnu";
            case "ppc64el" -> "powerpc64le-linux-gnu";
            case "s390x" -> "s390x-linux-gnu";
            case "i386" -> "i386-linux-gnu";
            case "armhf" -> "arm-linux-gnueabihf";
            case "riscv64" -> "riscv64-linux-gnu";
            default -> debArch + "-linux-gnu";
        };
    }

    /** Where each package put its systemd units, by file name ({@code chrony.service -> /lib/systemd/system/chrony.service}). */
    private static Map<String, String> unitPaths(List<DpkgDatabase.Installed> packages) {
        Map<String, String> units = new HashMap<>();
        for (DpkgDatabase.Installed p : packages) {
            for (String path : p.paths()) {
                if (path.matches("/(usr/)?lib/systemd/system/[^/]+")) {
                    units.putIfAbsent(path.substring(path.lastIndexOf('/') + 1), path);
                }
            }
        }
        return units;
    }

    /**
     * dpkg's order for {@code --configure -a}: each package after what it depends on (Pre-Depends,
     * Depends), otherwise by name; a dependency loop is broken where it is met.
     */
    static List<DpkgDatabase.Installed> configureOrder(List<DpkgDatabase.Installed> packages) {
        Map<String, DpkgDatabase.Installed> byName = new TreeMap<>();
        Map<String, String> provided = new HashMap<>();
        for (DpkgDatabase.Installed p : packages) {
            byName.put(p.name(), p);
            for (String v : p.control().getOrDefault("Provides", "").split(",")) {
                String n = v.strip().split("[\\s(:]")[0];
                if (!n.isEmpty()) {
                    provided.putIfAbsent(n, p.name());
                }
            }
        }
        List<DpkgDatabase.Installed> out = new ArrayList<>();
        Set<String> visiting = new java.util.HashSet<>();
        Set<String> done = new java.util.HashSet<>();
        for (String name : byName.keySet()) {
            visit(name, byName, provided, visiting, done, out);
        }
        return out;
    }

    private static void visit(String name, Map<String, DpkgDatabase.Installed> byName, Map<String, String> provided,
            Set<String> visiting, Set<String> done, List<DpkgDatabase.Installed> out) {
        if (done.contains(name) || !visiting.add(name)) {
            return;
        }
        DpkgDatabase.Installed p = byName.get(name);
        for (String field : List.of("Pre-Depends", "Depends")) {
            for (String clause : p.control().getOrDefault(field, "").split(",")) {
                for (String alt : clause.split("\\|")) {
                    String dep = alt.strip().split("[\\s(:]")[0];
                    String target = byName.containsKey(dep) ? dep : provided.get(dep);
                    if (target != null && !target.equals(name)) {
                        visit(target, byName, provided, visiting, done, out);
                        break;
                    }
                }
            }
        }
        visiting.remove(name);
        done.add(name);
        out.add(p);
    }

    private static Map<String, List<List<String>>> catalog() throws IOException {
        Map<String, List<List<String>>> out = new HashMap<>();
        try (InputStream in = DeclarativeScripts.class.getResourceAsStream(CATALOG)) {
            if (in == null) {
                throw new IllegalStateException(CATALOG + " is missing from rootfs-native-deb");
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(" ", 2);
                String[] effect = f.length < 2 ? new String[0]
                        : f[1].startsWith("text ") ? f[1].split(" ", 3) : f[1].split(" ");
                out.computeIfAbsent(f[0], k -> new ArrayList<>()).add(List.of(effect));
            }
        }
        return out;
    }
}
