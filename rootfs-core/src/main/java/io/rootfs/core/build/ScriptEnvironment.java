package io.rootfs.core.build;

import io.rootfs.api.BuildRequest;
import io.rootfs.api.Proxy;
import io.rootfs.core.distro.Distro;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The variables the distro scripts run with. The scripts get exactly these (no inherited host
 * environment), so every backend can pass the same list and a build does not depend on the shell
 * Maven was started from.
 */
public final class ScriptEnvironment {
    /** The proxy variables, as the scripts and an image build read them. */
    public static final List<String> PROXY_VARIABLES = List.of("http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY",
            "HTTPS_PROXY", "NO_PROXY");
    /** Host variables carried into the scripts as they are, when set (REPO_URL arrives as the mirror). */
    static final List<String> FROM_HOST = java.util.stream.Stream.concat(PROXY_VARIABLES.stream(),
            java.util.stream.Stream.of("DEBUG")).toList();

    private ScriptEnvironment() {
    }

    /**
     * @param staging    the folder build_rootfs fills (Kata's ROOTFS_DIR)
     * @param workDir    scratch space under the build directory
     * @param report     where the driver writes what the build settled on
     * @param mirror     the resolved mirror, or {@code null}
     * @param host       the environment Maven runs in (for proxies, EXTRA_PKGS, EXTRA_PKG)
     * @param path       the PATH the scripts search
     */
    public static Map<String, String> of(BuildRequest request, Distro distro, Path staging, Path workDir,
            Path report, String mirror, Map<String, String> host, String path) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", path);
        env.put("HOME", host.getOrDefault("HOME", "/root"));
        env.put("LC_ALL", "C.UTF-8");
        env.put("TMPDIR", workDir.toString());
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
        if (request.osVersion() != null) {
            env.put("OS_VERSION", request.osVersion());
        }
        env.put("EXTRA_PKGS", String.join(" ", extraPackages(request, host)));
        if (request.packages() != null) {
            env.put("ROOTFS_PACKAGES", String.join(" ", request.packages()));
        }
        env.put("AGENT_INIT", yesNo(request.agentInit()));
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
        env.putAll(request.environment());
        return env;
    }

    /** The PATH a builder container's scripts search (the host's PATH means nothing there). */
    public static final String CONTAINER_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

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
    static List<String> extraPackages(BuildRequest request, Map<String, String> host) {
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
