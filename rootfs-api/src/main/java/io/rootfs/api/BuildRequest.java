package io.rootfs.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one rootfs build was asked to do; immutable, made with {@link #builder()}.
 * Paths are absolute. {@code null} means "not set" for the optional values.
 */
public final class BuildRequest {
    private final String distro;
    private final Path rootfsDir;
    private final Path buildDir;
    private final Path projectDir;
    private final Path distrosDir;
    private final String osVersion;
    private final List<String> extraPackages;
    private final List<String> packages;
    private final Arch arch;
    private final Backend backend;
    private final AgentSource agent;
    private final boolean agentInit;
    private final Path kernelModules;
    private final boolean seccomp;
    private final boolean pruneSystemd;
    private final Map<String, String> environment;
    private final Path overlay;
    private final KataExtras kataExtras;
    private final Path packageCache;
    private final int packageCacheKeepDays;
    /** What rootfs.packageCache.keepDays is when not set. */
    public static final int DEFAULT_KEEP_DAYS = 30;
    private final String mirror;
    private final long sourceDateEpoch;
    private final boolean force;
    private final boolean offline;
    private final boolean locked;
    private final MaintainerScripts maintainerScripts;
    private final boolean rebuild;
    private final boolean leaveNothingOnFailure;
    private final String builderImage;
    private final List<Proxy> proxies;
    private final OutputSpec outputs;

    private BuildRequest(Builder b) {
        distro = Objects.requireNonNull(b.distro, "distro");
        buildDir = Objects.requireNonNull(b.buildDir, "buildDir").toAbsolutePath().normalize();
        projectDir = Objects.requireNonNull(b.projectDir, "projectDir").toAbsolutePath().normalize();
        rootfsDir = (b.rootfsDir == null ? buildDir.resolve("rootfs") : b.rootfsDir).toAbsolutePath().normalize();
        distrosDir = (b.distrosDir == null ? projectDir.resolve("distros") : b.distrosDir).toAbsolutePath().normalize();
        osVersion = blankToNull(b.osVersion);
        extraPackages = List.copyOf(b.extraPackages);
        packages = b.packages == null ? null : List.copyOf(b.packages);
        arch = b.arch == null ? Arch.host() : b.arch;
        backend = b.backend == null ? Backend.AUTO : b.backend;
        agent = b.agent == null ? AgentSource.none() : b.agent;
        agentInit = b.agentInit;
        kernelModules = b.kernelModules;
        seccomp = b.seccomp;
        pruneSystemd = b.pruneSystemd;
        // an empty <VAR></VAR> in a pom arrives as null: it means the empty string
        Map<String, String> env = new LinkedHashMap<>();
        b.environment.forEach((k, v) -> env.put(k, v == null ? "" : v));
        environment = Map.copyOf(env);
        builderImage = b.builderImage;
        proxies = List.copyOf(b.proxies);
        outputs = b.outputs == null ? OutputSpec.DEFAULT : b.outputs;
        overlay = b.overlay;
        kataExtras = b.kataExtras == null ? KataExtras.NONE : b.kataExtras;
        packageCache = b.packageCache;
        packageCacheKeepDays = b.packageCacheKeepDays;
        mirror = blankToNull(b.mirror);
        sourceDateEpoch = b.sourceDateEpoch;
        force = b.force;
        offline = b.offline;
        locked = b.locked;
        maintainerScripts = b.maintainerScripts == null ? MaintainerScripts.AUTO : b.maintainerScripts;
        rebuild = b.rebuild;
        leaveNothingOnFailure = b.leaveNothingOnFailure;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.distro = distro;
        b.rootfsDir = rootfsDir;
        b.buildDir = buildDir;
        b.projectDir = projectDir;
        b.distrosDir = distrosDir;
        b.osVersion = osVersion;
        b.extraPackages = extraPackages;
        b.packages = packages;
        b.arch = arch;
        b.backend = backend;
        b.agent = agent;
        b.agentInit = agentInit;
        b.kernelModules = kernelModules;
        b.seccomp = seccomp;
        b.pruneSystemd = pruneSystemd;
        b.environment = new LinkedHashMap<>(environment);
        b.overlay = overlay;
        b.kataExtras = kataExtras;
        b.packageCache = packageCache;
        b.packageCacheKeepDays = packageCacheKeepDays;
        b.mirror = mirror;
        b.sourceDateEpoch = sourceDateEpoch;
        b.force = force;
        b.offline = offline;
        b.locked = locked;
        b.maintainerScripts = maintainerScripts;
        b.rebuild = rebuild;
        b.leaveNothingOnFailure = leaveNothingOnFailure;
        b.builderImage = builderImage;
        b.proxies = new ArrayList<>(proxies);
        b.outputs = outputs;
        return b;
    }

    /** The distro as the user named it: an id, {@code g:a:v} coordinates, or a folder. */
    public String distro() {
        return distro;
    }

    /** The folder the finished rootfs ends up in. */
    public Path rootfsDir() {
        return rootfsDir;
    }

    /** The project's build directory ({@code target/}): the safe place for everything we write. */
    public Path buildDir() {
        return buildDir;
    }

    public Path projectDir() {
        return projectDir;
    }

    /** Where local distro folders live (each subfolder holding a config.sh). */
    public Path distrosDir() {
        return distrosDir;
    }

    public String osVersion() {
        return osVersion;
    }

    public List<String> extraPackages() {
        return extraPackages;
    }

    /** A package list that replaces the distro's, or {@code null} to keep it. */
    public List<String> packages() {
        return packages;
    }

    public Arch arch() {
        return arch;
    }

    public Backend backend() {
        return backend;
    }

    /** The image the container backend runs, instead of one built from the distro's Dockerfile.in; or null. */
    public String builderImage() {
        return builderImage;
    }

    /** The proxies Maven is configured with (settings.xml), active ones only. */
    public List<Proxy> proxies() {
        return proxies;
    }

    public AgentSource agent() {
        return agent;
    }

    public boolean agentInit() {
        return agentInit;
    }

    public Path kernelModules() {
        return kernelModules;
    }

    public boolean seccomp() {
        return seccomp;
    }

    public boolean pruneSystemd() {
        return pruneSystemd;
    }

    /** Extra variables for the distro scripts (never one the plugin sets itself). */
    public Map<String, String> environment() {
        return environment;
    }

    public Path overlay() {
        return overlay;
    }

    public String mirror() {
        return mirror;
    }

    /** Seconds since the epoch that stand for "now" in everything we write. */
    public long sourceDateEpoch() {
        return sourceDateEpoch;
    }

    /** Allows a rootfs folder outside the build directory. */
    public boolean force() {
        return force;
    }

    /** The forms the guest is delivered in (rootfs.formats and their options). */
    public OutputSpec outputs() {
        return outputs;
    }

    /**
     * Whether a failed build removes the build folder and work folder it made (they did not exist
     * before it): a goal run outside any project should leave nothing when nothing was built.
     */
    public boolean leaveNothingOnFailure() {
        return leaveNothingOnFailure;
    }

    /** Build even when every input matches the rootfs's record (rootfs.rebuild). */
    public boolean rebuild() {
        return rebuild;
    }

    /** Maven runs offline (-o): a build that needs the network fails at once, unless it is up to date. */
    public boolean offline() {
        return offline;
    }

    /** Where downloaded packages are kept between builds, per distro, release and arch; null for none. */
    /**
     * Install exactly the set the project's lock file names (rootfs.locked), for a backend that
     * resolves packages itself; false resolves again and rewrites the lock file.
     */
    public boolean locked() {
        return locked;
    }

    /** For the native backend: run the maintainer scripts, reproduce their effects, or choose (rootfs.maintainerScripts). */
    public MaintainerScripts maintainerScripts() {
        return maintainerScripts;
    }

    public Path packageCache() {
        return packageCache;
    }

    /** How many days a file the native backend keeps in the package cache stays unused before a build deletes it (rootfs.packageCache.keepDays). */
    public int packageCacheKeepDays() {
        return packageCacheKeepDays;
    }

    /** Current Kata's finishing steps beyond the agent (policy, tarballs, confidential guest). */
    public KataExtras kataExtras() {
        return kataExtras;
    }

    /** Collects the values of a {@link BuildRequest}. */
    public static final class Builder {
        private String distro;
        private Path rootfsDir;
        private Path buildDir;
        private Path projectDir;
        private Path distrosDir;
        private String osVersion;
        private List<String> extraPackages = List.of();
        private List<String> packages;
        private Arch arch;
        private Backend backend;
        private String builderImage;
        private List<Proxy> proxies = new ArrayList<>();
        private AgentSource agent;
        private boolean agentInit;
        private Path kernelModules;
        private boolean seccomp;
        private boolean pruneSystemd;
        private Map<String, String> environment = new LinkedHashMap<>();
        private Path overlay;
        private KataExtras kataExtras;
        private Path packageCache;
        private int packageCacheKeepDays = DEFAULT_KEEP_DAYS;
        private String mirror;
        private long sourceDateEpoch;
        private boolean force;
        private boolean offline;
        private boolean locked;
        private MaintainerScripts maintainerScripts;
        private boolean rebuild;
        private boolean leaveNothingOnFailure;
        private OutputSpec outputs;

        private Builder() {
        }

        public Builder distro(String v) { distro = v; return this; }
        public Builder rootfsDir(Path v) { rootfsDir = v; return this; }
        public Builder buildDir(Path v) { buildDir = v; return this; }
        public Builder projectDir(Path v) { projectDir = v; return this; }
        public Builder distrosDir(Path v) { distrosDir = v; return this; }
        public Builder osVersion(String v) { osVersion = v; return this; }
        public Builder extraPackages(List<String> v) { extraPackages = v; return this; }
        public Builder packages(List<String> v) { packages = v; return this; }
        public Builder arch(Arch v) { arch = v; return this; }
        public Builder backend(Backend v) { backend = v; return this; }
        public Builder builderImage(String v) { builderImage = v; return this; }
        public Builder proxies(List<Proxy> v) { proxies = new ArrayList<>(v); return this; }
        public Builder agent(AgentSource v) { agent = v; return this; }
        public Builder agentInit(boolean v) { agentInit = v; return this; }
        public Builder kernelModules(Path v) { kernelModules = v; return this; }
        public Builder seccomp(boolean v) { seccomp = v; return this; }
        public Builder pruneSystemd(boolean v) { pruneSystemd = v; return this; }
        public Builder environment(Map<String, String> v) { environment = new LinkedHashMap<>(v); return this; }
        public Builder overlay(Path v) { overlay = v; return this; }
        public Builder kataExtras(KataExtras v) { kataExtras = v; return this; }
        public Builder packageCache(Path v) { packageCache = v; return this; }
        public Builder packageCacheKeepDays(int v) { packageCacheKeepDays = v; return this; }
        public Builder mirror(String v) { mirror = v; return this; }
        public Builder sourceDateEpoch(long v) { sourceDateEpoch = v; return this; }
        public Builder force(boolean v) { force = v; return this; }
        public Builder offline(boolean v) { offline = v; return this; }
        public Builder locked(boolean v) { locked = v; return this; }
        public Builder maintainerScripts(MaintainerScripts v) { maintainerScripts = v; return this; }
        public Builder rebuild(boolean v) { rebuild = v; return this; }
        public Builder leaveNothingOnFailure(boolean v) { leaveNothingOnFailure = v; return this; }
        public Builder outputs(OutputSpec v) { outputs = v; return this; }

        public BuildRequest build() {
            return new BuildRequest(this);
        }
    }
}
