package io.rootfs.core.pipeline;

import io.rootfs.api.Backend;
import io.rootfs.api.BuildRequest;
import io.rootfs.core.RootfsException;
import io.rootfs.core.distro.Distro;
import io.rootfs.core.host.Engine;
import io.rootfs.core.host.EngineProbe;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where the build logic runs, decided before any work: the backend asked for, or for {@code auto}
 * the host when the distro's tools and the privileges are here, else a container when an engine
 * answers. Kata's {@code USE_DOCKER}/{@code USE_PODMAN} ask for a container as they did there.
 *
 * @param engine the engine for a container build, else null
 * @param why    one line for the log
 */
public record BackendChoice(Backend backend, Engine engine, String why) {
    private static final List<String> KATA_SWITCHES = List.of("USE_DOCKER", "USE_PODMAN");
    /** Variables of {@code <environment>} that choose a tool of the host build, so auto keeps that build. */
    private static final List<String> HOST_TOOL_SWITCHES = List.of("DEBIAN_BOOTSTRAP", "PKG_MANAGER");

    public static BackendChoice choose(BuildRequest request, Distro distro, Preflight preflight,
            Map<String, String> hostEnv) {
        EngineProbe probe = new EngineProbe(hostEnv);
        Backend asked = request.backend();
        Optional<String> kataSwitch = KATA_SWITCHES.stream()
                .filter(name -> truthy(request.environment().getOrDefault(name, hostEnv.get(name)))).findFirst();
        if (asked == Backend.AUTO && kataSwitch.isPresent()) {
            Engine engine = probe.require(kataSwitch.get() + "=true");
            return new BackendChoice(Backend.CONTAINER, engine, kataSwitch.get() + "=true; engine " + engine);
        }
        switch (asked) {
            case CONTAINER -> {
                Engine engine = probe.require("rootfs.backend=container");
                return new BackendChoice(Backend.CONTAINER, engine, "rootfs.backend=container; engine " + engine);
            }
            case NATIVE -> {
                String format = distro.descriptor().nativeFormat();
                if (format.isEmpty()) {
                    throw RootfsException.input("rootfs.backend=native builds distros whose packages the plugin reads"
                            + " itself (Debian and Ubuntu); " + distro.descriptor().name() + " is not one of them. Build it"
                            + " with -Drootfs.backend=host or container.");
                }
                preflight.nativeProblem().ifPresent(e -> {
                    throw e;
                });
                return new BackendChoice(Backend.NATIVE, null, "rootfs.backend=native; " + format
                        + " packages fetched, checked and unpacked in the JVM");
            }
            case HOST -> {
                preflight.hostProblem(request, distro).ifPresent(e -> {
                    throw e;
                });
                return new BackendChoice(Backend.HOST, null, "bash on this machine");
            }
            default -> {
                Optional<String> nativeWhy = nativeByDefault(request, distro, preflight);
                if (nativeWhy.isPresent()) {
                    return new BackendChoice(Backend.NATIVE, null, nativeWhy.get());
                }
                Optional<RootfsException> problem = preflight.hostProblem(request, distro);
                if (problem.isEmpty()) {
                    return new BackendChoice(Backend.HOST, null, "auto: the distro's tools and the privileges are here");
                }
                Optional<Engine> engine = probe.find();
                if (engine.isEmpty()) {
                    throw RootfsException.environment(problem.get().getMessage() + " Nor could the build run in a"
                            + " container: no engine answers (probed: " + String.join("; ", probe.probed()) + ").",
                            problem.get());
                }
                return new BackendChoice(Backend.CONTAINER, engine.get(), "auto: " + firstSentence(problem.get())
                        + "; the engine " + engine.get() + " answers");
            }
        }
    }

    /**
     * Why {@code auto} builds natively, when it does: the distro's packages are ones the plugin
     * reads itself, the guest is this machine's architecture (its scripts run here), nothing in
     * {@code <environment>} asks for a tool of the host build (DEBIAN_BOOTSTRAP, PKG_MANAGER), and
     * the scripts can run (root, or a user namespace).
     */
    static Optional<String> nativeByDefault(BuildRequest request, Distro distro, Preflight preflight) {
        String format = distro.descriptor().nativeFormat();
        boolean asksHostTool = HOST_TOOL_SWITCHES.stream().anyMatch(request.environment()::containsKey);
        if (format.isEmpty() || request.arch() != io.rootfs.api.Arch.host() || asksHostTool
                || preflight.nativeProblem().isPresent()) {
            return Optional.empty();
        }
        return Optional.of("auto: the plugin reads " + distro.descriptor().name() + "'s " + format + " packages itself;"
                + " -Drootfs.backend=host builds with the distro's tools instead");
    }

    public String logLine() {
        return "Backend: " + backend.name().toLowerCase(Locale.ROOT) + " (" + why + ")";
    }

    private static boolean truthy(String value) {
        return value != null && List.of("true", "yes", "1").contains(value.trim().toLowerCase(Locale.ROOT));
    }

    private static String firstSentence(RootfsException e) {
        String m = e.getMessage();
        int end = m.indexOf(". ");
        return end < 0 ? m : m.substring(0, end);
    }
}
