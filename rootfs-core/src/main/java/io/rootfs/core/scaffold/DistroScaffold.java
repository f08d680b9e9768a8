package io.rootfs.core.scaffold;

import io.rootfs.core.RootfsException;
import io.rootfs.core.tree.Trees;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/** Writes a new distro project: a Kata distro folder that is also a Maven project making its artifact. */
public final class DistroScaffold {
    /** The files written, each from {@code NAME.template} beside this class. */
    public static final List<String> FILES =
            List.of("pom.xml", "distro.properties", "config.sh", "rootfs_lib.sh", "Dockerfile.in", "README.md");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    /** A Maven groupId: it goes into pom.xml and README as written, so nothing that XML or Markdown would read. */
    private static final Pattern GROUP_ID = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

    private DistroScaffold() {
    }

    /** Checks a distro name before anything is written. */
    public static String checkName(String name) {
        String n = name == null ? "" : name;
        if (n.isBlank()) {
            throw RootfsException.input("No distro name: give -Dname=NAME (letters, digits, '_', '-', '.').");
        }
        if (!NAME.matcher(n).matches() || n.contains("..")) {
            throw RootfsException.input("'" + n + "' cannot be a distro name: it becomes a folder and part of an"
                    + " artifactId, so use letters, digits, '_', '-' and '.' only (no '/', no '..', no spaces),"
                    + " starting with a letter or digit. Example: -Dname=my_new_awesome_rootfs");
        }
        return n;
    }

    /**
     * @param force replace an existing folder
     * @return the folder written
     */
    public static Path write(Path distrosDir, String name, String groupId, boolean force) {
        checkName(name);
        if (groupId == null || !GROUP_ID.matcher(groupId).matches()) {
            throw RootfsException.input("rootfs.groupId=" + groupId + " is not a Maven groupId: use letters, digits,"
                    + " '_' and '-' in parts separated by dots, such as com.example.rootfs.");
        }
        Path folder = distrosDir.resolve(name);
        if (Files.isSymbolicLink(folder) || Files.exists(folder) && !Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            throw RootfsException.input(folder + " is a link or a file, not a folder: the scaffold writes only into a"
                    + " folder of its own. Choose another -Dname.");
        }
        if (Files.exists(folder) && !force) {
            throw RootfsException.input(folder + " exists already. Choose another -Dname, or add -Dforce=true to"
                    + " replace its files.");
        }
        Map<String, String> values = new LinkedHashMap<>();
        values.put("NAME", name);
        values.put("GROUP_ID", groupId);
        versions().forEach((k, v) -> values.put(k.toString(), v.toString()));
        try {
            if (force) {
                for (String file : FILES) {
                    Trees.deleteIfExists(folder.resolve(file));
                }
            }
            Files.createDirectories(folder);
            for (String file : FILES) {
                String text = template(file + ".template");
                for (Map.Entry<String, String> e : values.entrySet()) {
                    text = text.replace("@" + e.getKey() + "@", e.getValue());
                }
                // CREATE_NEW: never through a link someone put where a file goes
                Files.writeString(folder.resolve(file), text, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            }
            return folder;
        } catch (IOException e) {
            throw RootfsException.environment("Cannot write " + folder + ": " + e.getMessage(), e);
        }
    }

    private static Properties versions() {
        Properties p = new Properties();
        try (InputStream in = DistroScaffold.class.getResourceAsStream("versions.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    private static String template(String name) throws IOException {
        try (InputStream in = DistroScaffold.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("template " + name + " missing from the plugin jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
