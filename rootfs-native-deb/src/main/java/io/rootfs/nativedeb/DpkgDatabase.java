package io.rootfs.nativedeb;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * dpkg's database for unpacked packages, as dpkg leaves it once they are configured:
 * {@code var/lib/dpkg/status} with each package {@code install ok installed} and its fields in
 * dpkg's order, and per package {@code info/NAME.list} (the paths it installed), its md5sums,
 * conffiles and maintainer scripts ({@code NAME:ARCH.*} for {@code Multi-Arch: same}), so
 * {@code dpkg -l}, {@code dpkg -L} and {@code dpkg --verify} in the guest answer as for a tree
 * dpkg made.
 */
public final class DpkgDatabase {
    /** The order dpkg writes a status entry's fields in; other fields follow in the package's own order. */
    private static final List<String> ORDER = List.of("Package", "Essential", "Protected", "Status", "Priority",
            "Section", "Installed-Size", "Origin", "Maintainer", "Bugs", "Architecture", "Multi-Arch", "Source",
            "Version", "Config-Version", "Replaces", "Provides", "Depends", "Pre-Depends", "Recommends", "Suggests",
            "Breaks", "Conflicts", "Enhances", "Conffiles", "Description", "Triggers-Pending", "Triggers-Awaited");
    /** Control-member files dpkg keeps in info/, besides the list it writes itself; scripts are executable. */
    private static final Set<String> KEPT = Set.of("conffiles", "md5sums", "preinst", "postinst", "prerm", "postrm",
            "config", "templates", "triggers", "shlibs", "symbols");
    /** dpkg's own files in triggers/, which no trigger name may take. */
    private static final Set<String> DPKG_OWN = Set.of("File", "Unincorp", "Lock");
    private static final Set<String> SCRIPTS = Set.of("preinst", "postinst", "prerm", "postrm", "config");

    /** One installed package: its control fields and files, and the paths it unpacked, in order. */
    public record Installed(Map<String, String> control, Map<String, byte[]> controlFiles, List<String> paths) {
        /** @throws IllegalArgumentException when the name or architecture could not be a file name in info/ */
        public Installed {
            String name = control.get("Package");
            String arch = control.get("Architecture");
            if (name == null || !name.matches("[a-z0-9][a-z0-9.+-]*") || arch == null || !arch.matches("[a-z0-9-]+")) {
                throw new IllegalArgumentException("A package's control names it '" + name + "' (" + arch + "): not a"
                        + " Debian package name and architecture");
            }
        }

        String name() {
            return control.get("Package");
        }

        /** The name dpkg files it under: with the architecture for Multi-Arch: same. */
        String infoName() {
            return "same".equals(control.get("Multi-Arch")) ? name() + ":" + control.get("Architecture") : name();
        }
    }

    private DpkgDatabase() {
    }

    /** Writes the database into {@code tree} (its files already unpacked there). */
    public static void write(Path tree, List<Installed> packages, String arch) throws IOException {
        write(tree, packages, arch, INSTALLED);
    }

    /** dpkg's state of a configured package. */
    public static final String INSTALLED = "install ok installed";
    /** dpkg's state of a package unpacked and not yet configured: {@code dpkg --configure -a} takes it on. */
    public static final String UNPACKED = "install ok unpacked";

    /** Writes the database with every package in {@code status} ({@link #INSTALLED} or {@link #UNPACKED}). */
    public static void write(Path tree, List<Installed> packages, String arch, String status) throws IOException {
        // every folder resolved inside the tree (a package's link cannot lead the database out of it),
        // every file made anew (a link standing at its name is replaced, never followed)
        io.rootfs.core.tree.GuestPath guest = new io.rootfs.core.tree.GuestPath(tree);
        Path dpkg = guest.mkdirs("var/lib/dpkg");
        Path info = guest.mkdirs("var/lib/dpkg/info");
        for (String dir : List.of("updates", "triggers", "alternatives", "parts")) {
            guest.mkdirs("var/lib/dpkg/" + dir);
        }
        Path triggers = guest.resolve("var/lib/dpkg/triggers");
        put(info.resolve("format"), "1\n", "rw-r--r--");
        put(dpkg.resolve("arch"), arch + "\n", "rw-r--r--");
        for (String empty : List.of("diversions", "statoverride")) {
            put(dpkg.resolve(empty), "", "rw-r--r--");
        }
        for (String lock : List.of("lock", "lock-frontend")) {
            put(dpkg.resolve(lock), "", "rw-r-----");
        }
        put(triggers.resolve("Unincorp"), "", "rw-r--r--");
        put(triggers.resolve("Lock"), "", "rw-------");
        writeTriggerInterests(triggers, packages);
        StringBuilder statusFile = new StringBuilder();
        entries(statusFile, tree, info, packages, status);
        put(dpkg.resolve("status"), statusFile.toString(), "rw-r--r--");
    }

    /**
     * Adds packages unpacked after dpkg configured the others (mmdebstrap's second step): their
     * entries, unpacked, after those of dpkg's status file, their info files, and the trigger
     * interests of {@code all} the packages.
     */
    public static void add(Path tree, List<Installed> added, List<Installed> all) throws IOException {
        io.rootfs.core.tree.GuestPath guest = new io.rootfs.core.tree.GuestPath(tree);
        Path dpkg = guest.resolve("var/lib/dpkg");
        Path info = guest.resolve("var/lib/dpkg/info");
        writeTriggerInterests(guest.resolve("var/lib/dpkg/triggers"), all);
        StringBuilder statusFile = new StringBuilder(Files.readString(dpkg.resolve("status"), StandardCharsets.UTF_8));
        if (statusFile.length() > 0 && !statusFile.toString().endsWith("\n\n")) {
            statusFile.append('\n');
        }
        entries(statusFile, tree, info, added, UNPACKED);
        put(dpkg.resolve("status"), statusFile.toString(), "rw-r--r--");
    }

    /** The packages' status entries, by name, in {@code status}, appended to {@code statusFile}; their info files. */
    private static void entries(StringBuilder statusFile, Path tree, Path info, List<Installed> packages, String status)
            throws IOException {
        List<Installed> sorted = new ArrayList<>(packages);
        sorted.sort(Comparator.comparing(Installed::name));
        for (Installed p : sorted) {
            statusFile.append(entry(tree, p, status)).append('\n');
            infoFiles(info, p);
        }
    }

    /** A package's info files: its list of paths, and the control files dpkg keeps (the scripts executable). */
    private static void infoFiles(Path info, Installed p) throws IOException {
        StringBuilder list = new StringBuilder("/.\n");
        p.paths().forEach(path -> list.append(path).append('\n'));
        put(info.resolve(p.infoName() + ".list"), list.toString(), "rw-r--r--");
        for (Map.Entry<String, byte[]> f : p.controlFiles().entrySet()) {
            if (KEPT.contains(f.getKey())) {
                put(info.resolve(p.infoName() + "." + f.getKey()), f.getValue(),
                        SCRIPTS.contains(f.getKey()) ? "rwxr-xr-x" : "rw-r--r--");
            }
        }
    }

    private static void put(Path file, String content, String mode) throws IOException {
        put(file, content.getBytes(StandardCharsets.UTF_8), mode);
    }

    /** Writes a new file: whatever stood at its name (a link a package shipped) is removed first, not followed. */
    private static void put(Path file, byte[] content, String mode) throws IOException {
        Files.deleteIfExists(file);
        Files.write(file, content, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString(mode));
    }

    /**
     * The triggers the packages are interested in, as dpkg records them when it unpacks: a file
     * trigger ({@code interest-noawait /usr/lib/x}) as a line of {@code triggers/File}, a named one
     * ({@code interest-await ldconfig}) as a line of {@code triggers/ldconfig}; {@code /noawait} marks
     * one whose activators need not wait.
     */
    static void writeTriggerInterests(Path triggers, List<Installed> packages) throws IOException {
        StringBuilder files = new StringBuilder();
        Map<String, StringBuilder> named = new java.util.TreeMap<>();
        for (Installed p : packages) {
            byte[] triggersFile = p.controlFiles().get("triggers");
            if (triggersFile == null) {
                continue;
            }
            for (String line : new String(triggersFile, StandardCharsets.UTF_8).split("\n")) {
                String[] words = line.strip().split("\\s+");
                if (words.length != 2 || !words[0].startsWith("interest")) {
                    continue;
                }
                String who = p.infoName() + (words[0].equals("interest-noawait") ? "/noawait" : "");
                if (words[1].startsWith("/")) {
                    files.append(words[1]).append(' ').append(who).append('\n');
                } else if (words[1].matches("[A-Za-z0-9][A-Za-z0-9._+-]*") && !DPKG_OWN.contains(words[1])) {
                    named.computeIfAbsent(words[1], k -> new StringBuilder()).append(who).append('\n');
                }
            }
        }
        if (files.length() > 0) {
            put(triggers.resolve("File"), files.toString(), "rw-r--r--");
        }
        for (Map.Entry<String, StringBuilder> t : named.entrySet()) {
            put(triggers.resolve(t.getKey()), t.getValue().toString(), "rw-r--r--");
        }
    }

    /** One status entry: the package's fields in dpkg's order, Status and Conffiles added. */
    static String entry(Path tree, Installed p, String status) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>(p.control());
        fields.put("Status", status);
        byte[] conffiles = p.controlFiles().get("conffiles");
        if (conffiles != null) {
            StringBuilder c = new StringBuilder();
            for (String line : new String(conffiles, StandardCharsets.UTF_8).split("\n")) {
                String path = line.strip();
                if (path.isEmpty()) {
                    continue;
                }
                // "remove-on-upgrade /etc/x" marks one dpkg drops; the path is the last word
                path = path.substring(path.lastIndexOf(' ') + 1);
                c.append("\n ").append(path).append(' ').append(md5(tree, path));
            }
            fields.put("Conffiles", c.toString());
        }
        StringBuilder out = new StringBuilder();
        for (String name : ORDER) {
            if (fields.containsKey(name)) {
                out.append(field(name, fields.remove(name)));
            }
        }
        fields.forEach((name, value) -> out.append(field(name, value)));
        return out.toString();
    }

    private static String field(String name, String value) {
        if (value.startsWith("\n")) {
            return name + ":" + value + "\n";
        }
        return name + ": " + value.replace("\n", "\n ").replace("\n \n", "\n .\n") + "\n";
    }

    private static String md5(Path tree, String guestPath) throws IOException {
        Path file = new io.rootfs.core.tree.GuestPath(tree).resolve(guestPath.replaceFirst("^/+", ""));
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return "newconffile";
        }
        return md5(file);
    }

    /** The MD5 of a regular file, as dpkg records conffiles (and ucf its hashfile). */
    static String md5(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                md5.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(md5.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
