package io.rootfs.plugin;

import io.rootfs.api.AgentSource;
import io.rootfs.api.Arch;
import io.rootfs.api.Backend;
import io.rootfs.api.MaintainerScripts;
import io.rootfs.api.BuildRequest;
import io.rootfs.api.KataExtras;
import io.rootfs.api.OutputSpec;
import io.rootfs.core.RootfsException;
import io.rootfs.core.host.Host;
import io.rootfs.core.host.KataVariables;
import io.rootfs.core.pipeline.BuildSummary;
import io.rootfs.core.pipeline.RootfsBuild;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProjectHelper;

/** Builds a Kata guest rootfs from a distro into {@code rootfs.dir}. */
@Mojo(name = "build", defaultPhase = LifecyclePhase.PACKAGE, requiresProject = false, threadSafe = true)
public class BuildMojo extends AbstractRootfsMojo {
    /** The distro: an id (rootfs:list shows them), full coordinates g:a:v, or a folder holding config.sh. */
    @Parameter(property = "distro")
    String distro;

    /** Where the finished rootfs goes (default: target/rootfs); outside target/ only with rootfs.force. */
    @Parameter(property = "rootfs.dir")
    File rootfsDir;

    /** The distro release (OS_VERSION); the distro's default when unset. */
    @Parameter(property = "rootfs.osVersion")
    String osVersion;

    /** Packages added to the distro's list, separated by spaces or commas (also EXTRA_PKGS / EXTRA_PKG). */
    @Parameter(property = "rootfs.extraPackages")
    String extraPackages;

    /** Packages that replace the distro's list, separated by spaces or commas. */
    @Parameter(property = "rootfs.packages")
    String packages;

    /** The guest architecture (x86_64, aarch64, ppc64le, s390x); the host's when unset. */
    @Parameter(property = "rootfs.arch")
    String arch;

    /**
     * Where the build logic runs: host, container (the distro's builder image on Docker or Podman),
     * native (the plugin itself fetches, checks, resolves and unpacks the packages; Debian and
     * Ubuntu), or auto (native for Debian and Ubuntu where their scripts can run or the guest is
     * another architecture, else host when the distro's tools and root are here, else a container
     * when an engine answers, else native with the scripts' effects reproduced).
     */
    @Parameter(property = "rootfs.backend", defaultValue = "auto")
    String backend;

    /**
     * For the native backend: install exactly the package set the lock file next to the pom names
     * (rootfs-DISTRO-RELEASE-ARCH.lock.json, written by every native build), failing when the mirror
     * no longer has one of its versions.
     */
    @Parameter(property = "rootfs.locked", defaultValue = "false")
    boolean locked;

    /**
     * For the native backend: run the packages' maintainer scripts with the guest's own dpkg
     * ({@code run}: as root or in a user namespace), reproduce their effects without running any
     * guest code ({@code declarative}: no namespaces, any architecture, a warning for each script
     * that does more), or {@code auto}: run them where this machine can, else reproduce them.
     */
    @Parameter(property = "rootfs.maintainerScripts", defaultValue = "auto")
    String maintainerScripts;

    /** The image a container build runs in, instead of one built from the distro's Dockerfile.in. */
    @Parameter(property = "rootfs.builderImage")
    String builderImage;

    /** A kata-agent executable to install. */
    @Parameter(property = "rootfs.agent")
    File agent;

    /** A tarball holding usr/bin/kata-agent, unpacked over the rootfs. */
    @Parameter(property = "rootfs.agentTarball")
    File agentTarball;

    /** The agent as a Maven artifact, g:a[:ext[:classifier]]:v; a tar, tar.gz or tar.xz is unpacked. */
    @Parameter(property = "rootfs.agentArtifact")
    String agentArtifact;

    /** Install the agent as /sbin/init instead of running it under systemd (default: AGENT_INIT, else false). */
    @Parameter(property = "rootfs.agentInit")
    Boolean agentInit;

    /** A kernel modules folder (lib/modules/VERSION) copied into the guest's /lib/modules. */
    @Parameter(property = "rootfs.kernelModules")
    File kernelModules;

    /** Add the agent's seccomp support (default: SECCOMP, else true, as current Kata). */
    @Parameter(property = "rootfs.seccomp")
    Boolean seccomp;

    /** Remove systemd units a Kata guest does not use. */
    @Parameter(property = "rootfs.pruneSystemd", defaultValue = "false")
    boolean pruneSystemd;

    /** Extra variables for the distro scripts; they win over the plugin's own. */
    @Parameter
    Map<String, String> environment;

    /** Install an agent policy in /etc/kata-opa (default: AGENT_POLICY, else false; implied by rootfs.agentPolicyFile). */
    @Parameter(property = "rootfs.agentPolicy")
    Boolean agentPolicy;

    /** The agent policy (a .rego file, or Maven coordinates of one); default: AGENT_POLICY_FILE. */
    @Parameter(property = "rootfs.agentPolicyFile")
    String agentPolicyFile;

    /** OCI hooks for the guest, a tarball (file or coordinates) unpacked over the rootfs; default: GUEST_HOOKS_TARBALL. */
    @Parameter(property = "rootfs.guestHooksTarball")
    String guestHooksTarball;

    /** The pause image bundle, a tarball (file or coordinates) unpacked over the rootfs; default: PAUSE_IMAGE_TARBALL. */
    @Parameter(property = "rootfs.pauseImageTarball")
    String pauseImageTarball;

    /**
     * Confidential Containers' guest components, a tarball (file or coordinates) unpacked over the rootfs;
     * default: COCO_GUEST_COMPONENTS_TARBALL. Implies rootfs.confidentialGuest.
     */
    @Parameter(property = "rootfs.cocoGuestComponentsTarball")
    String cocoGuestComponentsTarball;

    /** A confidential guest: /run a tmpfs of half the memory, systemd-remount-fs required (default: CONFIDENTIAL_GUEST, else false). */
    @Parameter(property = "rootfs.confidentialGuest")
    Boolean confidentialGuest;

    /** A folder copied over the rootfs before the checks. */
    @Parameter(property = "rootfs.overlay")
    File overlay;

    /** The package mirror (REPO_URL); Debian defaults to this machine's apt sources. */
    @Parameter(property = "rootfs.mirror")
    String mirror;

    /**
     * Build even when nothing changed. Without it, a build whose inputs (distro, parameters, agent,
     * overlay, kernel modules, the repository's index) and outputs are as the last build left them
     * does nothing.
     */
    @Parameter(property = "rootfs.rebuild", defaultValue = "false")
    boolean rebuild;

    /**
     * Where downloaded packages are kept between builds (per distro, release and arch), or none.
     * Default: .cache/rootfs-maven-plugin/packages in the local Maven repository.
     */
    @Parameter(property = "rootfs.packageCache")
    String packageCache;

    /**
     * The native backend deletes, after a successful build, what it keeps in the package cache (its
     * .debs, decoded packages and resolved sets) that no build used for this many days; 0 deletes
     * what no build used within the hour.
     */
    @Parameter(property = "rootfs.packageCache.keepDays", defaultValue = "30")
    int packageCacheKeepDays;

    /** Allow a rootfs.dir outside the build directory. */
    @Parameter(property = "rootfs.force", defaultValue = "false")
    boolean force;

    /**
     * What the build delivers, separated by commas: directory (the tree in rootfs.dir), tar
     * (rootfs.tar.zst beside it), initrd (Kata's initrd, rootfs.initrd), image (Kata's guest image,
     * rootfs.img), sbom (rootfs.cdx.json). Default: directory; for packaging kata-rootfs
     * directory,image,initrd,sbom.
     */
    @Parameter(property = "rootfs.formats")
    String formats;

    /** The tar output's compression: zstd, gzip or none. */
    @Parameter(property = "rootfs.tarCompression", defaultValue = "zstd")
    String tarCompression;

    /** The initrd's compression: gzip (what Kata's guest kernel reads) or zstd. */
    @Parameter(property = "rootfs.initrdCompression", defaultValue = "gzip")
    String initrdCompression;

    /** The image's file system: ext4 (Kata's default), xfs or erofs. */
    @Parameter(property = "rootfs.image.fs", defaultValue = "ext4")
    String imageFs;

    /** Start the image with Kata's DAX/NVDIMM header (MBR, nd_pfn_sb, second MBR), as image_builder.sh does. */
    @Parameter(property = "rootfs.image.dax", defaultValue = "true")
    boolean imageDax;

    /** Free space added to the image's file system, in MiB (Kata's ROOT_FREE_SPACE). */
    @Parameter(property = "rootfs.image.freeSpace", defaultValue = "0")
    int imageFreeSpace;

    /** Add a dm-verity hash tree after the data partition (Kata's measured rootfs). */
    @Parameter(property = "rootfs.image.verity", defaultValue = "false")
    boolean imageVerity;

    @Component
    MavenProjectHelper projectHelper;

    /** Decrypts the passwords of settings.xml's proxies, as Maven does. */
    @Component
    org.apache.maven.settings.crypto.SettingsDecrypter settingsDecrypter;

    /** The timestamp that stands for "now" when SOURCE_DATE_EPOCH is not set. */
    @Parameter(defaultValue = "${project.build.outputTimestamp}")
    String outputTimestamp;

    @Override
    String goal() {
        return "build";
    }

    @Override
    void run() {
        PluginIdentity plugin = PluginIdentity.load();
        KataVariables kata = new KataVariables(System.getenv(), buildLog());
        kata.note("EXTRA_PKGS", "added to rootfs.extraPackages");
        kata.note("DEBUG", "the distro scripts trace every command (set -x)");
        Path dir = kata.path("rootfs.dir", rootfsDir == null ? null : projectDir().resolve(rootfsDir.getPath()),
                "ROOTFS_DIR", projectDir());
        BuildRequest request = BuildRequest.builder()
                .distro(distro == null ? "" : distro)
                .buildDir(buildDir())
                .projectDir(projectDir())
                .rootfsDir(dir == null ? buildDir().resolve("rootfs") : dir)
                .distrosDir(distrosDir())
                .osVersion(kata.text("rootfs.osVersion", osVersion, "OS_VERSION"))
                .extraPackages(words(extraPackages))
                .packages(packages == null ? null : words(packages))
                .arch(arch == null || arch.isBlank() ? Arch.host() : Arch.parse(arch))
                .backend(Backend.parse(backend))
                .agent(agentSource(kata))
                .agentInit(kata.flag("rootfs.agentInit", agentInit, "AGENT_INIT", false))
                .kernelModules(kata.path("rootfs.kernelModules", kernelModules == null ? null
                        : kernelModules.toPath().toAbsolutePath(), "KERNEL_MODULES_DIR", projectDir()))
                .seccomp(kata.flag("rootfs.seccomp", seccomp, "SECCOMP", true))
                .pruneSystemd(pruneSystemd)
                .environment(environment == null ? Map.of() : environment)
                .overlay(overlay == null ? null : overlay.toPath().toAbsolutePath())
                .packageCache(packageCache())
                .packageCacheKeepDays(packageCacheKeepDays)
                .kataExtras(kataExtras(kata))
                .mirror(mirror)
                .sourceDateEpoch(SourceDateEpoch.of(System.getenv("SOURCE_DATE_EPOCH"), outputTimestamp, buildLog()))
                .force(force)
                .rebuild(rebuild)
                .offline(session.isOffline())
                .locked(locked)
                .maintainerScripts(MaintainerScripts.parse(maintainerScripts))
                .leaveNothingOnFailure(outsideProject())
                .builderImage(builderImage)
                .proxies(MavenProxies.active(session.getSettings(), settingsDecrypter))
                .outputs(new OutputSpec(words(formats != null ? formats
                        : OutputArtifacts.PACKAGING.equals(project.getPackaging()) ? "directory,image,initrd,sbom"
                                : "directory"), tarCompression, initrdCompression, imageFs, imageDax, imageFreeSpace,
                        imageVerity))
                .build();
        MavenArtifactResolver agents = new MavenArtifactResolver(repositorySystem, session.getRepositorySession(),
                project.getRemoteProjectRepositories(), "rootfs.agentArtifact");
        BuildSummary summary = new RootfsBuild(plugin.bundled(), distroResolver(), agents, Host.current(), buildLog(),
                plugin.key()).run(request);
        OutputArtifacts.attach(project, projectHelper, summary, getLog());
    }

    /** Current Kata's finishing steps beyond the agent, from the parameters, else Kata's variables. */
    private KataExtras kataExtras(KataVariables kata) {
        Path policy = fileOrArtifact("rootfs.agentPolicyFile", kata.text("rootfs.agentPolicyFile", agentPolicyFile,
                "AGENT_POLICY_FILE"));
        boolean policyWanted = kata.flag("rootfs.agentPolicy", agentPolicy, "AGENT_POLICY", policy != null);
        if (policyWanted && policy == null) {
            throw RootfsException.input("An agent policy was asked for (rootfs.agentPolicy / AGENT_POLICY=yes) but none"
                    + " given: set -Drootfs.agentPolicyFile=FILE.rego or g:a:ext:v (Kata's rootfs.sh takes"
                    + " src/kata-opa/allow-all.rego from its source tree, which is not here).");
        }
        Path coco = fileOrArtifact("rootfs.cocoGuestComponentsTarball", kata.text("rootfs.cocoGuestComponentsTarball",
                cocoGuestComponentsTarball, "COCO_GUEST_COMPONENTS_TARBALL"));
        return new KataExtras(policyWanted ? policy : null,
                fileOrArtifact("rootfs.guestHooksTarball", kata.text("rootfs.guestHooksTarball", guestHooksTarball,
                        "GUEST_HOOKS_TARBALL")),
                fileOrArtifact("rootfs.pauseImageTarball", kata.text("rootfs.pauseImageTarball", pauseImageTarball,
                        "PAUSE_IMAGE_TARBALL")),
                coco, kata.flag("rootfs.confidentialGuest", confidentialGuest, "CONFIDENTIAL_GUEST", coco != null));
    }

    /** A file, or Maven coordinates resolved to one: checked before any work. */
    private Path fileOrArtifact(String parameter, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Path file = projectDir().resolve(value.trim()).normalize();
        if (java.nio.file.Files.isRegularFile(file)) {
            return file;
        }
        if (value.contains(":") && !value.contains("/")) {
            return new MavenArtifactResolver(repositorySystem, session.getRepositorySession(),
                    project.getRemoteProjectRepositories(), parameter).resolve(value.trim());
        }
        throw RootfsException.input(parameter + "=" + value + ": " + file + (java.nio.file.Files.exists(file)
                ? " is not a regular file." : " does not exist.") + " Give a file, or Maven coordinates g:a[:ext]:v.");
    }

    private Path packageCache() {
        if (packageCache != null && packageCache.trim().equalsIgnoreCase("none")) {
            return null;
        }
        return packageCache != null && !packageCache.isBlank() ? projectDir().resolve(packageCache.trim())
                : session.getRepositorySession().getLocalRepository().getBasedir().toPath()
                        .resolve(".cache/rootfs-maven-plugin/packages");
    }

    /** The agent given as a parameter; else Kata's AGENT_SOURCE_BIN or AGENT_TARBALL (one of them). */
    private AgentSource agentSource(KataVariables kata) {
        if (agent == null && agentTarball == null && (agentArtifact == null || agentArtifact.isBlank())) {
            Path bin = kata.path("rootfs.agent", null, "AGENT_SOURCE_BIN", projectDir());
            Path tarball = kata.path("rootfs.agentTarball", null, "AGENT_TARBALL", projectDir());
            if (bin != null && tarball != null) {
                throw RootfsException.input("Give one agent: AGENT_SOURCE_BIN and AGENT_TARBALL are both set in the"
                        + " environment Maven runs in. Unset one, or give -Drootfs.agent, rootfs.agentTarball or"
                        + " rootfs.agentArtifact.");
            }
            if (bin != null) {
                return new AgentSource.Binary(bin);
            }
            if (tarball != null) {
                return new AgentSource.Tarball(tarball);
            }
        }
        List<AgentSource> given = new ArrayList<>();
        if (agent != null) {
            given.add(new AgentSource.Binary(agent.toPath().toAbsolutePath()));
        }
        if (agentTarball != null) {
            given.add(new AgentSource.Tarball(agentTarball.toPath().toAbsolutePath()));
        }
        if (agentArtifact != null && !agentArtifact.isBlank()) {
            given.add(new AgentSource.Artifact(agentArtifact.trim()));
        }
        if (given.size() > 1) {
            throw RootfsException.input("Give one agent: rootfs.agent, rootfs.agentTarball or rootfs.agentArtifact,"
                    + " not " + given.size() + " of them.");
        }
        return given.isEmpty() ? AgentSource.none() : given.get(0);
    }

    static List<String> words(String list) {
        if (list == null) {
            return List.of();
        }
        return Arrays.stream(list.trim().split("[,\\s]+")).filter(w -> !w.isEmpty()).toList();
    }
}
