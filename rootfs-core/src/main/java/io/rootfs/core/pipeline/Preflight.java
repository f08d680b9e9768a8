package io.rootfs.core.pipeline;

import io.rootfs.api.AgentSource;
import io.rootfs.api.Arch;
import io.rootfs.api.BuildLog;
import io.rootfs.api.BuildRequest;
import io.rootfs.core.RootfsException;
import io.rootfs.core.check.ElfFile;
import io.rootfs.core.distro.ArtifactResolver;
import io.rootfs.core.distro.ConfigSh;
import io.rootfs.core.distro.Distro;
import io.rootfs.core.guest.AgentInstaller;
import io.rootfs.core.host.Host;
import io.rootfs.core.host.RealPath;
import io.rootfs.core.output.DirectoryOutput;
import io.rootfs.core.output.OutputContext;
import io.rootfs.core.output.Outputs;
import io.rootfs.core.output.RootfsOutput;
import io.rootfs.core.output.WorkFolder;
import io.rootfs.core.script.ScriptEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Every check that can fail before any work: each failure names the parameter, what was found and the fix. */
public final class Preflight {
    private final Host host;
    private final ArtifactResolver artifacts;
    private final BuildLog log;

    public Preflight(Host host, ArtifactResolver artifacts, BuildLog log) {
        this.host = host;
        this.artifacts = artifacts;
        this.log = log;
    }

    public PreparedBuild check(BuildRequest request, Distro distro) {
        DirectoryOutput output = DirectoryOutput.of(request.rootfsDir(), request.buildDir(), request.projectDir(),
                host.home(), request.force());
        ConfigSh config = distro.config();
        ScriptEnvironment.checkUserVariables(request.environment());
        ScriptEnvironment.checkPackages("rootfs.extraPackages", request.extraPackages());
        ScriptEnvironment.checkPackages("EXTRA_PKGS", ScriptEnvironment.extraPackages(request, host.env()));
        if (request.packages() != null) {
            ScriptEnvironment.checkPackages("rootfs.packages", request.packages());
        }
        List<String> excluded = config.archExcludeList();
        if (excluded.contains(request.arch().kataName())) {
            throw RootfsException.input("Distro " + distro.id() + " does not build for " + request.arch()
                    + ": its ARCH_EXCLUDE_LIST is (" + String.join(" ", excluded) + "). Choose another -Drootfs.arch"
                    + " or another distro (mvn rootfs:list shows what each excludes).");
        }
        if (request.packageCacheKeepDays() < 0) {
            throw RootfsException.input("rootfs.packageCache.keepDays=" + request.packageCacheKeepDays() + ": must be"
                    + " 0 or more, the days a file the package cache keeps may go unused before a build deletes it (0:"
                    + " what no build used within the hour goes; " + BuildRequest.DEFAULT_KEEP_DAYS + " when not set).");
        }
        existingFolder("rootfs.kernelModules", request.kernelModules());
        existingFolder("rootfs.overlay", request.overlay());
        Path agentFile = agentFile(request.agent(), request.arch());
        boolean agentInit = request.agentInit();
        if ("kata-agent".equals(config.initProcess()) && !agentInit) {
            log.info("Distro " + distro.id() + " runs the agent as init (INIT_PROCESS=kata-agent): rootfs.agentInit=true");
            agentInit = true;
        }
        if (agentInit && agentFile == null) {
            throw RootfsException.input("The agent is to be init (rootfs.agentInit=true"
                    + ("kata-agent".equals(config.initProcess()) ? ", as distro " + distro.id() + " requires" : "")
                    + ") but no agent was given. Set -Drootfs.agent=/path/to/kata-agent, rootfs.agentTarball or"
                    + " rootfs.agentArtifact.");
        }
        if (agentFile == null && !agentInit && (request.outputs().has("initrd") || request.outputs().has("image"))) {
            throw RootfsException.input("Kata's " + (request.outputs().has("image") ? "image" : "initrd") + " needs the"
                    + " kata-agent, and none was given: set -Drootfs.agent=/path/to/kata-agent (or rootfs.agentTarball,"
                    + " rootfs.agentArtifact), or leave initrd and image out of rootfs.formats.");
        }
        String mirror = mirror(request, distro);
        OutputContext context = new OutputContext(output.target().getFileName().toString(), request.outputs(),
                request.sourceDateEpoch(), agentInit, log);
        Path build = RealPath.of(request.buildDir());
        List<RootfsOutput> files = Outputs.check(request.outputs(), output.target(), context,
                file -> file.startsWith(build) || WorkFolder.wrote(output.target(), file));
        return new PreparedBuild(distro, config, output, agentFile, agentInit, mirror, files, context);
    }

    private Path agentFile(AgentSource agent, Arch arch) {
        if (agent instanceof AgentSource.Binary b) {
            Path p = b.path();
            if (Files.isDirectory(p)) {
                throw RootfsException.input("rootfs.agent=" + p + " is a folder. Give the kata-agent executable itself,"
                        + " such as " + p.resolve("kata-agent") + ", or a tarball as rootfs.agentTarball.");
            }
            if (!Files.isRegularFile(p)) {
                throw RootfsException.input("rootfs.agent=" + p + " does not exist. Give the path of a kata-agent"
                        + " executable (built from kata-containers/src/agent, or taken from a Kata release).");
            }
            if (!Files.isExecutable(p)) {
                throw RootfsException.input("rootfs.agent=" + p + " is not executable. Run chmod +x " + p + ".");
            }
            try {
                // the file itself, not a link to it: its mode is checked here and again when it is installed
                Path real = p.toRealPath();
                AgentInstaller.checkAgentMode("rootfs.agent=" + p, (int) Files.getAttribute(real, "unix:mode") & 07777);
                Optional<ElfFile> elf = ElfFile.read(real);
                if (elf.isPresent() && !elf.get().runsOn(arch)) {
                    throw RootfsException.input("rootfs.agent=" + p + " is " + elf.get().notFor(arch)
                            + ": the guest could not start it. Give the kata-agent built for " + arch
                            + " (a Kata release for " + arch + ", or cargo build"
                            + " --target " + arch.kataName() + "-unknown-linux-musl), or build for " + elf.get().target()
                            + ".");
                }
                return real;
            } catch (java.io.IOException e) {
                throw RootfsException.environment("Cannot read " + p + ": " + e.getMessage(), e);
            }
        }
        if (agent instanceof AgentSource.Tarball t) {
            Path p = t.path();
            if (Files.isDirectory(p) || !Files.isRegularFile(p) || !Files.isReadable(p)) {
                throw RootfsException.input("rootfs.agentTarball=" + p + (Files.isDirectory(p) ? " is a folder."
                        : " does not exist or cannot be read.") + " Give a tar, tar.gz or tar.xz holding usr/bin/kata-agent.");
            }
            return p;
        }
        if (agent instanceof AgentSource.Artifact a) {
            return artifacts.resolve(a.coordinates());
        }
        return null;
    }

    private String mirror(BuildRequest request, Distro distro) {
        if (request.mirror() != null) {
            return checkedUrl("rootfs.mirror", request.mirror());
        }
        String fromEnv = host.env().get("REPO_URL");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return checkedUrl("REPO_URL", fromEnv.trim());
        }
        if (!distro.descriptor().mirrorFromHostApt()) {
            return null;
        }
        Optional<String> apt = host.apt().mirror();
        if (apt.isEmpty()) {
            throw RootfsException.input("No mirror for " + distro.descriptor().name() + ": set -Drootfs.mirror=URL"
                    + " (or the REPO_URL environment variable). Probed: rootfs.mirror, REPO_URL, and this machine's apt"
                    + " sources (" + host.apt().probed() + "), which name no deb source for a main suite.");
        }
        log.info("Mirror: " + apt.get() + " (from this machine's apt sources; set rootfs.mirror to change it)");
        return apt.get();
    }

    private static String checkedUrl(String parameter, String url) {
        if (!url.matches("(?i)(https?|ftp|file|copy|mirror\\+[a-z]+)://\\S+|file:\\S+")) {
            throw RootfsException.input(parameter + "=" + url + " is not a mirror URL. Give one such as"
                    + " http://HOST/debian or file:///srv/mirror.");
        }
        return url;
    }

    /**
     * Why this machine cannot run the distro's scripts itself, if it cannot: a missing tool, or no
     * root and no user namespace to build in. A PKG_MANAGER that does not exist is refused outright.
     */
    public Optional<RootfsException> hostProblem(BuildRequest request, Distro distro) {
        try {
            hostTools(distro, request.environment().get("PKG_MANAGER"));
            if (!host.probe().isRoot()) {
                unprivileged(distro);
            }
            return Optional.empty();
        } catch (RootfsException e) {
            if (e.isUserError()) {
                throw e;
            }
            return Optional.of(e);
        }
    }

    /**
     * Why the native backend could not run the packages' maintainer scripts here, if it could not:
     * they run in a chroot set up by util-linux's unshare, and without root in a user namespace.
     */
    public Optional<RootfsException> nativeProblem() {
        String user = System.getProperty("user.name");
        Optional<String> problem = host.probe().which("unshare").isEmpty()
                ? Optional.of("unshare is not on the PATH (apt-get install util-linux)")
                : host.probe().isRoot() ? Optional.empty() : host.probe().userNamespaceProblem();
        return problem.map(p -> RootfsException.environment("The native backend runs the packages' maintainer scripts"
                + " with the guest's own dpkg in a chroot" + (host.probe().isRoot() ? "" : ", as " + user
                + " (not root) in a user namespace") + ", but " + p + ". Fix that, run Maven as root (sudo -E mvn"
                + " ...), have it reproduce the scripts' effects instead of running them"
                + " (-Drootfs.maintainerScripts=declarative), or build with -Drootfs.backend=host or container."));
    }

    /** The distro's tools; the first group is its package manager, which PKG_MANAGER may name instead. */
    private void hostTools(Distro distro, String packageManager) {
        if (host.probe().which("bash").isEmpty()) {
            throw RootfsException.environment("bash is not on the PATH (" + host.probe().path()
                    + "): the distro scripts need it. Install bash.");
        }
        List<List<String>> groups = distro.descriptor().hostTools();
        if (packageManager != null && !packageManager.isBlank() && !groups.isEmpty()) {
            if (host.probe().which(packageManager.trim()).isEmpty()) {
                throw RootfsException.input("PKG_MANAGER=" + packageManager + " (in <environment>) is not an"
                        + " executable file nor a program on the PATH (" + host.probe().path() + "). Give the path"
                        + " of " + String.join(" or ", groups.get(0)) + ", or leave PKG_MANAGER unset.");
            }
            groups = groups.subList(1, groups.size());
        }
        String installHint = distro.descriptor().installHint();
        for (List<String> alternatives : groups) {
            if (alternatives.stream().noneMatch(t -> host.probe().which(t).isPresent())) {
                boolean isPackageManager = alternatives.equals(distro.descriptor().hostTools().get(0));
                String fix = isPackageManager && !installHint.isEmpty() ? installHint
                        : "Install it: apt-get install " + alternatives.get(0) + " (Debian/Ubuntu).";
                throw RootfsException.environment("Distro " + distro.id() + " needs "
                        + (alternatives.size() > 1 ? "one of " : "") + String.join(", ", alternatives)
                        + " on this machine; none is on the PATH (" + host.probe().path() + "). " + fix);
            }
        }
    }

    /** Without root, a distro builds only in a user namespace, with the tools it names for that. */
    private void unprivileged(Distro distro) {
        String user = System.getProperty("user.name");
        String fix = " Run Maven as root (sudo -E mvn ...)";
        List<String> tools = distro.descriptor().unprivilegedTools();
        if (tools.isEmpty()) {
            throw RootfsException.environment("Distro " + distro.id() + " builds only as root (its package manager"
                    + " sets file owners and makes device nodes), and this JVM runs as " + user + "." + fix + ".");
        }
        Optional<String> missingTool = tools.stream().filter(t -> host.probe().which(t).isEmpty()).findFirst();
        Optional<String> problem = missingTool.map(t -> t + " is not on the PATH (apt-get install " + t + ")")
                .or(() -> host.probe().userNamespaceProblem());
        if (problem.isPresent()) {
            throw RootfsException.environment("Building " + distro.id() + " as " + user + " (not root) needs "
                    + String.join(", ", tools) + " in a user namespace, but " + problem.get() + "." + fix
                    + ", or fix that.");
        }
        log.warn("Building as " + user + ", not root, in a user namespace (" + String.join(", ", tools)
                + "): every file in the rootfs folder belongs to " + user + " instead of the guest's owners,"
                + " and there are no device nodes. Build as root for a folder to boot from.");
    }

    private static void existingFolder(String parameter, Path folder) {
        if (folder != null && !Files.isDirectory(folder)) {
            throw RootfsException.input(parameter + "=" + folder + " is not a folder. Give an existing folder or leave"
                    + " it unset.");
        }
    }
}
