package io.rootfs.core.script;

import io.rootfs.api.BuildRequest;
import io.rootfs.api.Proxy;
import io.rootfs.core.RootfsException;
import io.rootfs.core.distro.Distro;
import io.rootfs.core.host.HostProbe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The variables the distro scripts run with. The scripts get exactly these (no inherited host
 * environment), so every backend can pass the same list and a build does not depend on the shell
 * Maven was started from.
 */
public final class ScriptEnvironment {
    /** The proxy variables, as the scripts and an image build read them. */
    public static final List<String> PROXY_VARIABLES = List.of("http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY",
            "HTTPS_PROXY", "NO_PROXY");
    /** The folder a distro's scripts keep downloaded packages in between builds (rootfs.packageCache). */
    public static final String PACKAGE_CACHE = "ROOTFS_PACKAGE_CACHE";
    /** The folder a distro's scripts keep the repository index they read in, for offline builds. */
    public static final String INDEX_CACHE = "ROOTFS_INDEX_CACHE";
    /** {@code true} when Maven runs offline and the scripts must take index and packages from the caches. */
    public static final String OFFLINE = "ROOTFS_OFFLINE";
    /** {@code true} when the driver only reads the distro's config and writes the report (the native backend). */
    public static final String CONFIG_ONLY = "ROOTFS_CONFIG_ONLY";
    /** Host variables carried into the scripts as they are, when set (REPO_URL arrives as the mirror). */
    static final List<String> FROM_HOST = java.util.stream.Stream.concat(PROXY_VARIABLES.stream(),
            java.util.stream.Stream.of("DEBUG")).toList();

    /**
     * The variables the plugin sets itself, each with what to use instead: letting {@code <environment>}
     * replace them would bypass the checks on that parameter (ROOTFS_DIR would bypass every rootfs.dir
     * check) or break the build's own bookkeeping.
     */
    static final Map<String, String> OWNED = ownedVariables();
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /**
     * Variables that make bash, or the dynamic loader, run code of their choosing in every script
     * and program of the build: never data, so never accepted from {@code <environment>}.
     */
    private static final Pattern CODE = Pattern.compile("BASH_.*|BASHOPTS|SHELLOPTS|ENV|PS4|IFS|CDPATH|GLOBIGNORE"
            + "|PROMPT_COMMAND|LD_.*|GCONV_PATH|LOCPATH|NLSPATH|PERL5LIB|PERL5OPT|PYTHON(PATH|STARTUP|HOME)|RUBYOPT"
            + "|RUBYLIB|APT_CONFIG|DPKG_.*|GIT_.*");
    /** A package name (with a version or arch qualifier) or a path a package manager resolves: never a shell word. */
    private static final Pattern PACKAGE = Pattern.compile("[A-Za-z0-9_/][A-Za-z0-9._+:=~@/-]*");

    private ScriptEnvironment() {
    }

    private static Map<String, String> ownedVariables() {
        Map<String, String> owned = new LinkedHashMap<>();
        owned.put("ROOTFS_DIR", "-Drootfs.dir");
        owned.put("CONFIG_DIR", "-Ddistro (a folder holding config.sh)");
        owned.put("script_dir", "-Drootfs.distrosDir");
        owned.put("ARCH", "-Drootfs.arch");
        owned.put("OS_VERSION", "-Drootfs.osVersion");
        owned.put("EXTRA_PKGS", "-Drootfs.extraPackages");
        owned.put("ROOTFS_PACKAGES", "-Drootfs.packages");
        owned.put("AGENT_INIT", "-Drootfs.agentInit");
        owned.put("SECCOMP", "-Drootfs.seccomp");
        owned.put("KERNEL_MODULES_DIR", "-Drootfs.kernelModules");
        owned.put("SOURCE_DATE_EPOCH", "the SOURCE_DATE_EPOCH environment variable of Maven, or project.build.outputTimestamp");
        owned.put("PATH", "PKG_MANAGER for a package manager that is not on this machine's PATH");
        owned.put("REPO_URL", "-Drootfs.mirror (checked as a URL, and used by the preflight's probe too)");
        for (String internal : List.of("CONFIG_SH", "LIB_SH", "AGENT_BIN", "HOME", "TMPDIR", "LC_ALL", "DNF_CONF",
                "ROOTFS_DISTRO_ID", "ROOTFS_WORK_DIR", "ROOTFS_REPORT", "ROOTFS_REPORT_VARIABLES", "ROOTFS_DEB_ARCH", "ROOTFS_TREE_TAR",
                "ROOTFS_WATCHDOG", "ROOTFS_OWNER", PACKAGE_CACHE, INDEX_CACHE, OFFLINE, CONFIG_ONLY)) {
            owned.put(internal, null);
        }
        return java.util.Collections.unmodifiableMap(owned);
    }

    /**
     * Refuses {@code <environment>} entries that replace a variable the plugin owns, or whose name
     * is not a shell variable name, before any work.
     */
    public static void checkUserVariables(Map<String, String> environment) {
        for (String name : new java.util.TreeSet<>(environment.keySet())) {
            if (!NAME.matcher(name).matches()) {
                throw RootfsException.input("<environment> has '" + name + "', which is not a variable name (letters,"
                        + " digits and '_', not starting with a digit).");
            }
            if (CODE.matcher(name).matches()) {
                throw RootfsException.input("<environment> sets " + name + ", which makes the shell, the loader or a"
                        + " tool run code or read settings of its own choosing in every script of the build; it is"
                        + " refused. Remove it, and set what the distro needs through its own variables.");
            }
            if (OWNED.containsKey(name)) {
                String instead = OWNED.get(name);
                throw RootfsException.input("<environment> sets " + name + ", which the plugin sets itself for the distro"
                        + " scripts" + (instead == null ? " and which cannot be replaced. Remove it."
                                : ". Remove it and use " + instead + " instead."));
            }
        }
    }

    /**
     * Refuses package names that are not names: they reach the package manager's command line
     * through the distro scripts, so a shell word such as {@code $(...)}, {@code ;} or {@code *} must
     * never get there.
     *
     * @param parameter where the names came from, for the message
     */
    public static void checkPackages(String parameter, List<String> names) {
        for (String name : names) {
            if (!PACKAGE.matcher(name).matches()) {
                throw RootfsException.input(parameter + " holds '" + name + "', which is not a package name: names are"
                        + " letters, digits and . + - _ : = ~ @ /, separated by spaces or commas.");
            }
        }
    }

    /**
     * @param agentInit  whether the agent is init: asked for, or implied by the distro's INIT_PROCESS
     * @param staging    the folder build_rootfs fills (Kata's ROOTFS_DIR)
     * @param workDir    the target's work folder (the driver, keys, dnf.conf)
     * @param tmp        the scripts' TMPDIR
     * @param report     where the driver writes what the build settled on (ROOTFS_TREE_TAR goes beside it)
     * @param mirror     the resolved mirror, or {@code null}
     * @param host       the environment Maven runs in (for proxies, EXTRA_PKGS, EXTRA_PKG)
     * @param path       the PATH the scripts search
     */
    public static Map<String, String> of(BuildRequest request, Distro distro, boolean agentInit, Path staging,
            Path workDir, Path tmp,
            Path report, String mirror, Map<String, String> host, String path) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", path);
        env.put("HOME", host.getOrDefault("HOME", "/root"));
        env.put("LC_ALL", "C.UTF-8");
        env.put("TMPDIR", tmp.toString());
        for (String name : FROM_HOST) {
            if (host.containsKey(name)) {
                env.put(name, host.get(name));
            }
        }
        proxies(request.proxies(), env);
        env.put("ROOTFS_DIR", staging.toString());
        env.put("CONFIG_DIR", distro.folder().toString());
        env.put("script_dir", distro.scriptDir().toString());
        env.put("CONFIG_SH", "config.sh");
        env.put("LIB_SH", "rootfs_lib.sh");
        env.put("ARCH", request.arch().kataName());
        env.put("ROOTFS_DEB_ARCH", request.arch().debianName());
        if (request.osVersion() != null) {
            env.put("OS_VERSION", request.osVersion());
        }
        env.put("EXTRA_PKGS", String.join(" ", extraPackages(request, host)));
        if (request.packages() != null) {
            env.put("ROOTFS_PACKAGES", String.join(" ", request.packages()));
        }
        env.put("AGENT_INIT", yesNo(agentInit));
        env.put("AGENT_BIN", "kata-agent");
        env.put("SECCOMP", yesNo(request.seccomp()));
        if (request.kernelModules() != null) {
            env.put("KERNEL_MODULES_DIR", request.kernelModules().toString());
        }
        if (mirror != null) {
            env.put("REPO_URL", mirror);
        }
        env.put("SOURCE_DATE_EPOCH", Long.toString(request.sourceDateEpoch()));
        env.put("DNF_CONF", workDir.resolve("dnf.conf").toString());
        env.put("ROOTFS_DISTRO_ID", distro.id());
        env.put("ROOTFS_WORK_DIR", workDir.toString());
        env.put("ROOTFS_REPORT", report.toString());
        env.put("ROOTFS_TREE_TAR", report.resolveSibling("tree.tar").toString());
        env.put("ROOTFS_REPORT_VARIABLES", String.join(" ", BuildReport.VARIABLES));
        checkUserVariables(request.environment());
        env.putAll(request.environment());
        return env;
    }

    /** The PATH a builder container's scripts search (the host's PATH means nothing there). */
    public static final String CONTAINER_PATH = HostProbe.STANDARD_PATH;

    /** The same variables for the scripts in a builder container: only PATH and HOME are the container's. */
    public static Map<String, String> inContainer(Map<String, String> env) {
        Map<String, String> inside = new LinkedHashMap<>(env);
        inside.put("PATH", CONTAINER_PATH);
        inside.put("HOME", "/root");
        return inside;
    }

    /**
     * Maven's proxies (settings.xml) as the proxy variables, where this machine's environment set
     * none. As in Maven, an {@code http} proxy also carries https traffic unless an {@code https}
     * one is configured.
     */
    static void proxies(List<Proxy> proxies, Map<String, String> env) {
        List<Proxy> httpsFirst = proxies.stream()
                .sorted(java.util.Comparator.comparing(p -> !"https".equalsIgnoreCase(p.protocol()))).toList();
        for (Proxy proxy : httpsFirst) {
            List<String> schemes = "https".equalsIgnoreCase(proxy.protocol()) ? List.of("https") : List.of("http", "https");
            for (String scheme : schemes) {
                env.putIfAbsent(scheme + "_proxy", proxy.url());
                env.putIfAbsent(scheme.toUpperCase(java.util.Locale.ROOT) + "_PROXY", proxy.url());
            }
            if (!proxy.noProxy().isEmpty()) {
                env.putIfAbsent("no_proxy", proxy.noProxy());
                env.putIfAbsent("NO_PROXY", proxy.noProxy());
            }
        }
    }

    /** rootfs.extraPackages, then the EXTRA_PKGS and EXTRA_PKG variables Kata users already set; each once. */
    public static List<String> extraPackages(BuildRequest request, Map<String, String> host) {
        Set<String> all = new LinkedHashSet<>(request.extraPackages());
        for (String name : List.of("EXTRA_PKGS", "EXTRA_PKG")) {
            for (String word : host.getOrDefault(name, "").trim().split("\\s+")) {
                if (!word.isEmpty()) {
                    all.add(word);
                }
            }
        }
        return new ArrayList<>(all);
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }
}
