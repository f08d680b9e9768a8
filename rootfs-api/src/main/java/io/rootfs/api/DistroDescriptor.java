package io.rootfs.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * What a distro artifact says about itself without running anything: read from
 * {@value #FILE} beside its {@code config.sh}.
 *
 * @param id          the short name users type ({@code -Ddistro=debian})
 * @param name        a display name
 * @param hostTools   programs the host backend needs; each entry lists alternatives, one of which must exist
 * @param mirrorFromHostApt whether the host's apt sources give a default mirror ({@code REPO_URL})
 * @param upstream    the upstream's status, e.g. {@code active} or {@code archived}
 * @param unprivilegedTools programs with which the build also runs without root (in a user
 *                    namespace); empty when the distro needs root
 * @param installHint how to get the first of {@code hostTools} (the package manager) where
 *                    {@code apt-get install} cannot; empty for that default
 * @param containerPrivileged whether a container build needs a privileged container rather than
 *                    the SYS_ADMIN, SYS_CHROOT and MKNOD capabilities
 * @param nativeFormat the package format the native backend builds this distro from ({@code deb}),
 *                    its signing keys listed in {@value #NATIVE_KEYS}; empty when it cannot
 */
public record DistroDescriptor(String id, String name, List<List<String>> hostTools,
        boolean mirrorFromHostApt, String upstream, List<String> unprivilegedTools, String installHint,
        boolean containerPrivileged, String nativeFormat) {

    /** The descriptor's file name, inside the distro folder. */
    public static final String FILE = "distro.properties";
    /** The folder inside a distro jar that holds the distro folder. */
    public static final String JAR_FOLDER = "rootfs-distro";
    /** The list of the archive keys (file and fingerprint) the native backend trusts, in the distro folder. */
    public static final String NATIVE_KEYS = "keys/trusted";
    /** The package formats the native backend reads. */
    public static final List<String> NATIVE_FORMATS = List.of("deb");

    /**
     * What an id may be: it names folders, a container image and a Maven artifact, so letters,
     * digits, '.', '_' and '-' only, starting with a letter or digit, never "..".
     */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** What a host tool may be: a program name looked up on the PATH, never a path or a shell word. */
    public static final Pattern TOOL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");

    /**
     * A distro artifact is untrusted input: every value that becomes a path, a program name or a
     * log line is checked here, before anything is unpacked or run.
     *
     * @throws IllegalArgumentException naming the key and what it may hold
     */
    public DistroDescriptor {
        checkId(id);
        hostTools = List.copyOf(hostTools.stream().map(List::copyOf).toList());
        unprivilegedTools = List.copyOf(unprivilegedTools);
        for (List<String> group : hostTools) {
            group.forEach(t -> checkTool("host.tools", t));
        }
        unprivilegedTools.forEach(t -> checkTool("unprivileged.tools", t));
        checkLine("name", name);
        checkLine("upstream", upstream);
        checkLine("host.tools.install", installHint);
        if (!nativeFormat.isEmpty() && !NATIVE_FORMATS.contains(nativeFormat)) {
            throw new IllegalArgumentException("native=" + nativeFormat + " is not a package format the native backend"
                    + " reads (" + String.join(", ", NATIVE_FORMATS) + "); leave it out for a distro it cannot build");
        }
    }

    /** Refuses an id that could not safely name a folder. */
    public static String checkId(String id) {
        if (id == null || !ID.matcher(id).matches() || id.contains("..")) {
            throw new IllegalArgumentException("id=" + id + " cannot be a distro id: an id names folders and images, so it"
                    + " holds letters, digits, '.', '_' and '-' only (at most 64, no '..', no '/'), starting with a"
                    + " letter or digit");
        }
        return id;
    }

    private static void checkTool(String key, String tool) {
        if (!TOOL.matcher(tool).matches()) {
            throw new IllegalArgumentException(key + " names '" + tool + "', which is not a program name (letters,"
                    + " digits, '.', '_', '+', '-'; no paths, no spaces or shell characters)");
        }
    }

    private static void checkLine(String key, String value) {
        if (value == null || value.length() > 500 || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException(key + " must be one line of text of at most 500 characters");
        }
    }

    /** A descriptor for a plain Kata folder that carries none: its name is the folder's. */
    public static DistroDescriptor ofFolder(String id) {
        return new DistroDescriptor(id, id, List.of(), false, "", List.of(), "", false, "");
    }

    public static DistroDescriptor fromProperties(Properties p, String fallbackId) {
        String id = p.getProperty("id", fallbackId == null ? "" : fallbackId).trim();
        List<List<String>> tools = new ArrayList<>();
        for (String group : words(p.getProperty("host.tools", ""))) {
            tools.add(Arrays.asList(group.split("\\|")));
        }
        return new DistroDescriptor(id, p.getProperty("name", id).trim(), tools, "host-apt".equals(p.getProperty("mirror", "").trim()), p.getProperty("upstream", "").trim(),
                words(p.getProperty("unprivileged.tools", "")), p.getProperty("host.tools.install", "").trim(),
                Boolean.parseBoolean(p.getProperty("container.privileged", "false").trim()),
                p.getProperty("native", "").trim());
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }
}
