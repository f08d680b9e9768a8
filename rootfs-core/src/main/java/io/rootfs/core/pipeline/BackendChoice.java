package io.rootfs.core.pipeline;

import io.rootfs.api.Backend;
import io.rootfs.api.BuildRequest;
import io.rootfs.api.MaintainerScripts;
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
 * @param engine     the engine for a container build, else null
 * @param why        one line for the log
 * @param runScripts for the native backend: whether the guest's maintainer scripts run here (else
 *                   their effects are reproduced)
 */
public record BackendChoice(Backend backend, Engine engine, String why, boolean runScripts) {

    BackendChoice(Backend backend, Engine engine, String why) {
        this(backend, engine, why, false);
    }

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
                return nativeChoice(request, preflight, "rootfs.backend=native; " + format
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
                    return nativeChoice(request, preflight, nativeWhy.get());
                }
                Optional<RootfsException> problem = preflight.hostProblem(request, distro);
                if (problem.isEmpty()) {
                    return new BackendChoice(Backend.HOST, null, "auto: the distro's tools and the privileges are here");
                }
                Optional<Engine> engine = probe.find();
                if (engine.isEmpty() && !distro.descriptor().nativeFormat().isEmpty()
                        && request.maintainerScripts() != MaintainerScripts.RUN) {
                    return nativeChoice(request, preflight, "auto: neither the distro's tools nor a container engine"
                            + " are here (" + firstSentence(problem.get()) + "), and the plugin reads "
                            + distro.descriptor().name() + "'s packages itself");
                }
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
        if (format.isEmpty() || asksHostTool) {
            return Optional.empty();
        }
        String why = "auto: the plugin reads " + distro.descriptor().name() + "'s " + format + " packages itself;"
                + " -Drootfs.backend=host builds with the distro's tools instead";
        if (request.maintainerScripts() == MaintainerScripts.DECLARATIVE) {
            return Optional.of(why + " (rootfs.maintainerScripts=declarative, which only the native backend does)");
        }
        if (request.arch() != io.rootfs.api.Arch.host() && request.maintainerScripts() != MaintainerScripts.RUN) {
            // no Debian tool builds another architecture without emulation; the declarative path does
            return Optional.of(why + " (the guest is " + request.arch().kataName() + ": no emulation needed)");
        }
        return scriptsProblem(request, preflight).isPresent() ? Optional.empty() : Optional.of(why);
    }

    /**
     * The native backend, running the maintainer scripts or reproducing their effects as
     * {@code rootfs.maintainerScripts} asks and this machine allows.
     */
    private static BackendChoice nativeChoice(BuildRequest request, Preflight preflight, String why) {
        Optional<RootfsException> problem = scriptsProblem(request, preflight);
        switch (request.maintainerScripts()) {
            case RUN -> {
                problem.ifPresent(e -> {
                    throw e;
                });
                return new BackendChoice(Backend.NATIVE, null, why + "; maintainer scripts run", true);
            }
            case DECLARATIVE -> {
                return new BackendChoice(Backend.NATIVE, null, why + "; maintainer scripts' effects reproduced"
                        + " (rootfs.maintainerScripts=declarative)", false);
            }
            default -> {
                return problem.isEmpty() ? new BackendChoice(Backend.NATIVE, null, why + "; maintainer scripts run", true)
                        : new BackendChoice(Backend.NATIVE, null, why + "; maintainer scripts' effects reproduced, as"
                                + " they cannot run here: " + firstSentence(problem.get()), false);
            }
        }
    }

    /**
     * Why the guest's maintainer scripts could not run on this machine, if they could not: the guest
     * is another architecture (no emulation is used), or no chroot can be set up (unshare, and
     * without root a user namespace).
     */
    static Optional<RootfsException> scriptsProblem(BuildRequest request, Preflight preflight) {
        if (request.arch() != io.rootfs.api.Arch.host()) {
            return Optional.of(RootfsException.environment("The guest is " + request.arch().kataName() + " and this"
                    + " machine " + io.rootfs.api.Arch.host().kataName() + ", so the guest's maintainer scripts cannot"
                    + " run here (no emulation is used). Build with -Drootfs.maintainerScripts=declarative (or auto),"
                    + " or on a " + request.arch().kataName() + " machine."));
        }
        return preflight.nativeProblem();
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
