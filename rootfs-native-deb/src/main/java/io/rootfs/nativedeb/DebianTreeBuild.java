package io.rootfs.nativedeb;

import io.rootfs.api.BuildLog;
import io.rootfs.core.RootfsException;
import io.rootfs.core.tree.Manifest;
import io.rootfs.core.tree.TreeEntry;
import java.io.IOException;
import java.net.ProxySelector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A Debian (or Ubuntu) minbase tree built in the JVM, in mmdebstrap's steps: the signed index,
 * the package set, the downloads, the unpack onto a merged-usr tree, dpkg's database, and the
 * maintainer scripts run by the guest's own dpkg. Each phase is timed.
 */
public final class DebianTreeBuild {
    /** How many downloads run at once. */
    static final int CONNECTIONS = 4;
    /** How many packages are decompressed at once, beside the thread that writes the tree. */
    static final int DECODERS = Math.max(1, Runtime.getRuntime().availableProcessors());
    /** How much uncompressed package data may wait in memory to be written (bytes). */
    static final long DECODE_BUDGET = 32L << 20;

    /**
     * What to build.
     *
     * @param mirror      the archive's URL
     * @param suite       the suite (bookworm, noble)
     * @param debArch     Debian's name of the architecture
     * @param components  the archive's components to read (main)
     * @param asked       the packages asked for besides minbase
     * @param trustedKeys the distro's list of archive keys and fingerprints
     * @param tree        the empty folder to build in
     * @param root        whether this JVM runs as root
     * @param debCache    where fetched packages are kept, by SHA-256
     * @param decodedCache where their decoded data is kept for the next build ({@link DecodedCache}), or null
     * @param indexCache  where the index read is kept (apt's names), or null
     * @param offline     build from the caches only
     * @param lockFile    where the resolved set is written, or read from when {@code locked}
     * @param locked      install exactly the lock file's set
     * @param work        the build's scratch folder, outside the tree
     * @param runScripts  run the maintainer scripts in a chroot (else reproduce their effects)
     */
    public record Settings(String mirror, String suite, String debArch, List<String> components, List<String> asked,
            Path trustedKeys, Path tree, boolean root, Path debCache, Path decodedCache, Path indexCache, boolean offline,
            Path lockFile,
            boolean locked,
            ProxySelector proxies, long sourceDateEpoch, Path work, boolean runScripts) {
    }

    /**
     * What was built: the packages, the entries the disk cannot hold, and where the time went: the phases one after
     * another, and the check of InRelease's signature (the keys loaded and the signature checked), which ran beside
     * the index (or, for a set read back, beside the download and the unpack).
     */
    public record Result(List<DebPackage> packages, Manifest recorded, Map<String, Double> phases, double verify) {
    }

    private final Settings settings;
    private final BuildLog log;
    private final Map<String, Double> phases = new LinkedHashMap<>();
    private volatile MaintainerScripts scripts;
    private volatile boolean stopped;
    /** The InRelease whose check still runs while a set read back from the kept index is unpacked, and that set. */
    private DebRepository.PendingRelease unchecked;
    private List<DebPackage> uncheckedSet;
    /** The device nodes /dev got (recorded without root). */
    private List<TreeEntry> devices = List.of();
    private long phaseStart;
    /** The CPU time used when the build and its current phase started. */
    private io.rootfs.core.host.CpuTime.Used cpuAtStart;
    private io.rootfs.core.host.CpuTime.Used cpuAtPhase;
    /** How long the check of InRelease's signature took, beside the other phases. */
    private double verifySeconds;
    /** Where the lists of owners the scripts gave are written (made when first needed). */
    private Path ownersFolder;

    public DebianTreeBuild(Settings settings, BuildLog log) {
        this.settings = settings;
        this.log = log;
    }

    public Result run() {
        try {
            return build();
        } catch (Resolver.UnsatisfiableException e) {
            // what was asked for (or what it needs) is not there: the user's to change, not a failure of the build
            throw RootfsException.input("The packages cannot be installed from " + settings.mirror() + " "
                    + settings.suite() + " (" + settings.debArch() + "): " + e.getMessage() + ". Check the names asked for"
                    + " (rootfs.extraPackages, rootfs.packages, the distro's PACKAGES), the release (rootfs.osVersion)"
                    + " and rootfs.mirror.");
        } catch (IOException e) {
            throw RootfsException.environment("The native build of " + settings.tree() + " failed: " + e.getMessage(), e);
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            // a package or index whose content this build cannot take (a control field, a listing)
            throw RootfsException.input("The native build of " + settings.tree() + " refused what the mirror "
                    + settings.mirror() + " serves: " + e.getMessage() + ". Check rootfs.mirror.");
        }
    }

    /** Stops the maintainer scripts if they run, and the unpack at its next package (the build is interrupted). */
    public void stop() {
        stopped = true;
        MaintainerScripts running = scripts;
        if (running != null) {
            running.stop();
        }
    }

    private Result build() throws IOException {
        Settings s = settings;
        if (s.locked()) {
            LockFile.checkAsked(s.lockFile(), s.asked()); // before anything is fetched
        }
        start();
        List<DebPackage> set = resolve();
        // what Maven's start and the index left is garbage now (a whole index: 63,000 entries, the largest
        // thing a build holds): one full collection (40-80 ms) gives its room back, and G1 gives the unpack a
        // heap sized by what is live; without it the unpack's young collections touched region after region
        // of the heap G1 had grown (its default maximum is a quarter of the machine): cold peaks were 620-720
        // MiB, warm 330-520 MiB where they are 260-290 MiB with it (A/B, five builds each, 2026-11-29)
        System.gc();

        // one order for a resolved and a locked set (the lock file's, by name): the same tree either way
        set = set.stream().sorted(java.util.Comparator.comparing(DebPackage::name)).toList();
        // as mmdebstrap installs: the essential packages (and what they need) unpacked first and their
        // scripts run by dpkg while the rest is unpacked beside the tree (the scripts run one after
        // another: the unpack takes the other core), then moved onto it as if unpacked after them
        Set<String> essential = Resolver.closure(set, DebianTreeBuild::essential);
        List<DebPackage> order = new ArrayList<>(set.stream().filter(p -> essential.contains(p.name())).toList());
        boolean twoRounds = s.runScripts() && !order.isEmpty() && order.size() < set.size()
                && oneFileSystem(s.tree(), s.work());
        if (twoRounds) {
            set.stream().filter(p -> !essential.contains(p.name())).forEach(order::add);
        } else {
            order = set;
        }
        Manifest recorded;
        try {
            Unpacked unpacked = unpackAll(order, twoRounds ? essential.size() : -1);
            setupFiles(set, essential);
            done("database", "dpkg's status (" + order.size() + " packages " + (s.runScripts() ? "unpacked" : "installed")
                    + "), info files, apt's sources");
            recorded = s.runScripts() ? runScripts(unpacked, order, twoRounds ? essential.size() : -1)
                    : reproduceScripts(unpacked);
        } catch (IOException | RuntimeException | Error e) {
            if (twoRounds) {
                abandonRounds(e);
            }
            throw e;
        }
        // the CPU beside the times (the phases', summed): on a machine of few cores, what the build
        // cannot take less than
        io.rootfs.core.host.CpuTime.Used cpu = cpuAtPhase.since(cpuAtStart);
        log.info("Native build: " + phases.entrySet().stream()
                .map(e -> String.format(java.util.Locale.ROOT, "%s %.1f s", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", ")) + String.format(java.util.Locale.ROOT, "; CPU %.1f s on %d cores (%.1f s"
                        + " of it in processes it started)", cpu.total(), Runtime.getRuntime().availableProcessors(),
                        cpu.children()));
        return new Result(set, recorded, phases, verifySeconds);
    }

    /**
     * Fetches and unpacks {@code order} (with {@code essential} above 0: its first that many start
     * their scripts once unpacked, the rest goes to a stage) and, once InRelease's check has passed,
     * writes dpkg's database (the rest's entries added after the first round's).
     */
    private Unpacked unpackAll(List<DebPackage> order, int essential) throws IOException {
        Settings s = settings;
        Unpacked unpacked;
        try (PackageFetcher.Downloads downloads = fetch(order)) {
            unpacked = unpack(order, downloads, essential);
        } catch (IOException | RuntimeException | Error e) {
            if (unchecked != null) {
                try {
                    unchecked.verified(); // a failed check is what the build reports
                } catch (RuntimeException failed) {
                    failed.addSuppressed(e);
                    throw failed;
                }
            }
            throw e;
        }
        awaitCheck();
        if (essential > 0) {
            DpkgDatabase.add(s.tree(), unpacked.installed().subList(essential, order.size()), unpacked.installed());
        } else {
            DpkgDatabase.write(s.tree(), unpacked.installed(), s.debArch(), s.runScripts() ? DpkgDatabase.UNPACKED
                    : DpkgDatabase.INSTALLED);
            prepareDev();
            if (s.root() && !s.runScripts()) {
                DevNodes.mknod(s.tree());
            }
        }
        return unpacked;
    }

    /**
     * The scripts phase, run: in one round, or (with {@code essential} above 0) the second, the
     * first having run during the unpack. Returns what the manifest records without root.
     */
    private Manifest runScripts(Unpacked unpacked, List<DebPackage> order, int essential) throws IOException {
        Settings s = settings;
        List<DpkgDatabase.Installed> installed = unpacked.installed();
        Path owners = ownersList("after-scripts");
        List<String> lines;
        if (essential > 0) {
            lines = new ArrayList<>(unpacked.essentialLines());
            String before = "";
            if (!s.root()) {
                Map<String, TreeEntry> given = OwnersAfterScripts.read(essentialOwners());
                before = OwnersAfterScripts.reapply(given, unpacked.replaced());
                log.debug("Native scripts: the essential set's gave " + given.size() + " entries other owners ("
                        + given.keySet().stream().limit(8).collect(Collectors.joining(" ")) + (given.size() > 8
                                ? " …" : "") + "), given back to them before the rest's run");
            }
            lines.addAll(scripts.runRest(installed.subList(essential, installed.size()),
                    Resolver.preDependedOn(order.subList(essential, order.size())), before, owners));
        } else {
            scripts = new MaintainerScripts(s.tree(), s.work(), s.root(), s.sourceDateEpoch(), log);
            lines = scripts.run(installed, owners);
        }
        Manifest recorded = s.root() ? Manifest.of(List.of())
                : OwnersAfterScripts.merge(s.tree(), OwnersAfterScripts.read(owners), unpacked.manifest(), devices);
        done("scripts", "preinst, dpkg --configure -a and its triggers in a chroot" + (s.root() ? ""
                : " in a user namespace") + ", by the guest's own dpkg (" + lines.stream()
                        .filter(l -> l.startsWith("Setting up ")).count() + " packages set up" + (essential > 0
                                ? "; the essential set's during the unpack" : "") + ")");
        return recorded;
    }

    /** The scripts phase, not run: their effects reproduced. Returns what the manifest records without root. */
    private Manifest reproduceScripts(Unpacked unpacked) throws IOException {
        Settings s = settings;
        DeclarativeScripts.Result r;
        try {
            r = new DeclarativeScripts(s.tree(), s.root(), s.sourceDateEpoch(), s.debArch(), log)
                    .apply(unpacked.installed());
        } catch (RuntimeException e) {
            throw RootfsException.input("Reproducing the maintainer scripts' effects failed on what the packages"
                    + " hold (" + e + "). Build where the scripts can run (as root or with a user namespace,"
                    + " -Drootfs.maintainerScripts=run) or with -Drootfs.backend=host.");
        }
        // as root the owners and device nodes are on disk already
        Manifest recorded = s.root() ? Manifest.of(List.of())
                : OwnersAfterScripts.merge(s.tree(), r.owners(), unpacked.manifest(), devices);
        done("scripts", "not run: their effects reproduced (" + r.summary() + ")");
        return recorded;
    }

    /**
     * After a failure anywhere in two rounds: the first stopped if it runs, the tree's guards taken
     * away, the stage removed (what goes wrong here is added to {@code failure}).
     */
    private void abandonRounds(Throwable failure) {
        try {
            if (scripts != null) {
                scripts.abandon();
            }
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
        try {
            io.rootfs.core.tree.Trees.deleteIfExists(stage()); // what the rest's unpack had put there
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * The download phase: every package into the cache, checked, with progress in packages and
     * bytes; it runs on beside the unpack, which begins with the first package as soon as it is
     * there (the phase's time is the wait for that one).
     */
    private PackageFetcher.Downloads fetch(List<DebPackage> set) {
        Settings s = settings;
        long[] lastShown = {0};
        long began = System.nanoTime();
        PackageFetcher.Downloads downloads = new PackageFetcher(s.mirror(), s.debCache(), CONNECTIONS, s.proxies())
                .start(set, s.offline(), p -> {
                    synchronized (lastShown) {
                        long now = System.nanoTime();
                        if (p.done() == p.total() || now - lastShown[0] > 2_000_000_000L) {
                            lastShown[0] = now;
                            log.info(String.format("Downloaded %d/%d packages, %.1f/%.1f MB%s", p.done(), p.total(),
                                    p.bytes() / 1e6, p.totalBytes() / 1e6, p.done() == p.total() ? String.format(
                                            " (%.2f s)", (now - began) / 1e9) : ""));
                        }
                    }
                });
        try {
            if (!set.isEmpty()) {
                downloads.file(0);
            }
        } catch (RuntimeException e) {
            downloads.close();
            throw e;
        }
        long bytes = set.stream().mapToLong(DebPackage::size).sum();
        done("download", String.format("%d packages, %.1f MB, into the cache %s (the first in; the rest come during"
                + " the unpack)", set.size(), bytes / 1e6, s.debCache()));
        return downloads;
    }

    /**
     * What the unpack left: the entries as the packages give them, each package for the database,
     * and what the essential set's scripts printed if they ran meanwhile.
     */
    private record Unpacked(Manifest manifest, List<DpkgDatabase.Installed> installed, List<String> essentialLines,
            Set<String> replaced) {
    }

    /**
     * The unpack phase: the packages decoded on the other cores as they arrive, written in order.
     * With {@code essential} above 0 the first that many are the essential set: once they are in the
     * tree (and the signature checked) their database is written and their scripts start, and the
     * rest is unpacked beside the tree, then moved onto it when the scripts have ended.
     */
    private Unpacked unpack(List<DebPackage> set, PackageFetcher.Downloads downloads, int essential) throws IOException {
        DebUnpacker unpacker = new DebUnpacker(settings.tree(), libDirs(settings.debArch()), settings.root());
        List<Map<String, byte[]>> controlFiles = new ArrayList<>();
        List<Map<String, String>> controls = new ArrayList<>();
        long waited = 0;
        DecodedCache decoded = settings.decodedCache() == null ? DecodedCache.none()
                : DecodedCache.in(settings.decodedCache());
        if (!decoded.whyNotUsed().isEmpty()) {
            log.info("Decoded packages not kept: " + decoded.whyNotUsed());
        }
        try (DecodeAhead ahead = new DecodeAhead(downloads::file, set.stream().map(DebPackage::installedKiB).toList(),
                DECODERS, DECODE_BUDGET, i -> set.get(i).sha256(), decoded)) {
            for (int i = 0; i < set.size(); i++) {
                if (stopped) {
                    throw RootfsException.environment("The native build was stopped while it unpacked " + set.get(i));
                }
                if (essential > 0 && i >= essential && scripts.essentialFailed()) {
                    scripts.awaitEssential(); // throws its failure: the rest need not be unpacked
                }
                long t = System.nanoTime();
                DecodeAhead.Prepared ready = ahead.next(i);
                waited += System.nanoTime() - t;
                DebPackage p = set.get(i);
                // each control member read once: checked here, its fields and files kept for the database
                Map<String, String> control = ready.control();
                if (!p.name().equals(control.get("Package")) || !p.version().toString().equals(control.get("Version"))
                        || !p.architecture().equals(control.get("Architecture"))) {
                    ready.data().close();
                    throw RootfsException.input("The file of " + p + " at " + p.filename() + " says it is "
                            + control.get("Package") + " " + control.get("Version") + " (" + control.get("Architecture")
                            + "): the mirror " + settings.mirror() + " serves another package than its index names."
                            + " Check rootfs.mirror.");
                }
                unpacker.unpack(p.name(), ready.archive(), ready.data());
                controlFiles.add(ready.controlFiles());
                controls.add(control);
                if (i + 1 == essential) {
                    startEssentialScripts(unpacker, controls, controlFiles, set);
                }
            }
        }
        log.debug(String.format("Native unpack: %.2f s waiting for the packages to arrive and be decoded", waited / 1e9));
        List<String> essentialLines = List.of();
        Set<String> replaced = Set.of();
        if (essential > 0) {
            long t = System.nanoTime();
            essentialLines = scripts.awaitEssential();
            DpkgDiversions.refuseShipped(settings.tree(), unpacker.lists(), set.subList(essential, set.size()));
            long m = System.nanoTime();
            replaced = unpacker.mergeStage();
            log.debug(String.format("Native unpack: %.2f s waiting for the essential set's scripts after the rest's"
                    + " unpack, %.2f s moving the rest onto the tree", (m - t) / 1e9, (System.nanoTime() - m) / 1e9));
        }
        Manifest manifest = unpacker.finish();
        List<DpkgDatabase.Installed> installed = installed(unpacker, controls, controlFiles, set);
        done("unpack", manifest.size() + " entries" + (essential > 0 ? "; the essential set's " + essential
                + " packages first, their scripts run meanwhile" : ""));
        return new Unpacked(manifest, installed, essentialLines, replaced);
    }

    /**
     * The essential set is in the tree: once InRelease's check has passed, its database is written
     * (every package unpacked), /dev prepared and its scripts started; the rest goes to a stage.
     */
    private void startEssentialScripts(DebUnpacker unpacker, List<Map<String, String>> controls,
            List<Map<String, byte[]>> controlFiles, List<DebPackage> set) throws IOException {
        awaitCheck();
        List<DpkgDatabase.Installed> essential = installed(unpacker, controls, controlFiles, set);
        Settings s = settings;
        DpkgDatabase.write(s.tree(), essential, s.debArch(), DpkgDatabase.UNPACKED);
        prepareDev();
        scripts = new MaintainerScripts(s.tree(), s.work(), s.root(), s.sourceDateEpoch(), log);
        scripts.startEssential(essential, s.root() ? null : essentialOwners());
        io.rootfs.core.tree.Trees.deleteIfExists(stage()); // a killed build's
        unpacker.stage(stage());
    }

    /** The packages unpacked so far (as many as {@code controls} holds), each for dpkg's database. */
    private static List<DpkgDatabase.Installed> installed(DebUnpacker unpacker, List<Map<String, String>> controls,
            List<Map<String, byte[]>> controlFiles, List<DebPackage> set) {
        List<DpkgDatabase.Installed> installed = new ArrayList<>();
        for (int i = 0; i < controls.size(); i++) {
            installed.add(new DpkgDatabase.Installed(controls.get(i), controlFiles.get(i),
                    unpacker.lists().get(set.get(i).name())));
        }
        return installed;
    }

    /** Where the packages after the essential set are unpacked while its scripts run (beside the tree, in the work folder). */
    private Path stage() {
        return settings.work().resolve("unpacked-after-essential");
    }

    /** Where, without root, the first round of scripts lists the entries it gave other owners. */
    private Path essentialOwners() throws IOException {
        return ownersList("after-essential-scripts");
    }

    /**
     * A list of owners the scripts write, in a folder of this build's own (a new name, none but its
     * user may enter it): the namespace's shell opens the list by its name, so no link planted at a
     * name known before the build can lead its writing elsewhere.
     */
    private Path ownersList(String name) throws IOException {
        if (ownersFolder == null) {
            ownersFolder = Files.createTempDirectory(settings.work(), "owners");
        }
        return ownersFolder.resolve(name);
    }

    /** /dev as mmdebstrap makes it (its device nodes, without root, recorded for the manifest). */
    private void prepareDev() throws IOException {
        devices = DevNodes.prepare(settings.tree(), settings.root(), settings.sourceDateEpoch());
    }

    /** Whether {@code a} and {@code b}'s folder are on one file system (a move between them is a rename). */
    private static boolean oneFileSystem(Path a, Path b) throws IOException {
        Files.createDirectories(a);
        Files.createDirectories(b);
        return Files.getFileStore(a).equals(Files.getFileStore(b)); // the same device and mount
    }

    /** What mmdebstrap has dpkg install before apt installs the rest: the essential packages, and merged /usr. */
    private static boolean essential(DebPackage p) {
        return p.essential() || Resolver.MERGED_USR.equals(p.name());
    }

    /**
     * Waits for the check of InRelease that a set read back from the kept index was unpacked beside
     * (its failure fails the build before anything runs in the tree), then writes the lock file.
     */
    private void awaitCheck() throws IOException {
        if (unchecked == null) {
            return;
        }
        long t = System.nanoTime();
        unchecked.verified();
        verifySeconds = unchecked.checkSeconds();
        log.debug(String.format("Native verify: the keys loaded and InRelease's signature checked in %.2f s from its"
                + " fetch on, beside the download and the unpack (%.2f s waited for it after them)",
                unchecked.checkSeconds(), (System.nanoTime() - t) / 1e9));
        writeLock(uncheckedSet);
        unchecked = null;
    }

    /** The index phase and the resolve phase; the index (the largest thing a build holds) is not kept beyond them. */
    private List<DebPackage> resolve() throws IOException {
        Settings s = settings;
        java.util.function.Supplier<SignedRelease.TrustedKeys> keys = () -> {
            try {
                return SignedRelease.TrustedKeys.fromList(s.trustedKeys());
            } catch (IOException | IllegalArgumentException e) {
                throw RootfsException.environment("Cannot read the distro's archive keys " + s.trustedKeys() + ": "
                        + e.getMessage(), e);
            }
        };
        DebRepository repository = new DebRepository(s.mirror(), keys, Clock.systemUTC(), s.proxies());
        if (s.indexCache() != null) {
            repository.keptIn(s.indexCache(), s.mirror(), s.offline());
        }
        long t0 = System.nanoTime();
        // the index is fetched and read while the signature is checked; nothing read counts until it is
        DebRepository.PendingRelease pending = repository.releaseAhead(s.suite());
        List<String> bases = s.components().stream().map(c -> c + "/binary-" + s.debArch() + "/Packages").toList();
        RememberedSet remembered = s.indexCache() == null || s.locked() ? null
                : new RememberedSet(s.indexCache().resolveSibling(CachePruning.RESOLVED), pending.claimed(), s.suite(), bases,
                        s.asked());
        Optional<List<DebPackage>> again = remembered == null ? Optional.empty()
                : pending.ahead(claimed -> remembered.read(repository, claimed));
        if (again.isPresent()) {
            // every entry comes from kept Packages files, which are kept only after an earlier build's check
            // passed, and whose SHA-256 this InRelease gives: its own check (the keys loaded, the signature
            // checked: about a second) goes on beside the download and the unpack, and is waited for before
            // anything runs in the tree or is written outside it (the database, the scripts, the lock file)
            unchecked = pending;
            uncheckedSet = again.get();
            done("index", "the set resolved from the same Packages files (their SHA-256 checked) for the same packages"
                    + " before: its " + again.get().size() + " entries read back; InRelease's signature is checked"
                    + " beside the download and the unpack");
            done("resolve", again.get().size() + " packages, as resolved before; lock file " + s.lockFile()
                    + " once the signature is checked");
            return again.get();
        }
        PackageIndex index = pending.use(claimed -> repository.packages(s.suite(), claimed, s.components(), s.debArch()));
        verifySeconds = pending.checkSeconds();
        log.debug(String.format("Native index: InRelease fetched, its signature checked and Packages read in %.2f s"
                + " (verify: the keys loaded and the signature checked in %.2f s of it, beside the rest)",
                (System.nanoTime() - t0) / 1e9, pending.checkSeconds()));
        done("index", (s.offline() ? "(offline: kept in " + s.indexCache() + ") " : "") + index.size() + " packages in "
                + s.suite() + " " + String.join(",", s.components()) + " (" + s.debArch()
                + "), InRelease signed by a trusted key");
        if (s.locked()) {
            List<DebPackage> set = LockFile.installable(LockFile.read(s.lockFile()), index, s.mirror());
            done("resolve", set.size() + " packages as the lock file " + s.lockFile() + " names them");
            return set;
        }
        List<DebPackage> set = Resolver.minbase(index, s.asked());
        if (remembered != null) {
            remembered.write(set, index);
        }
        writeLock(set);
        done("resolve", set.size() + " packages: minbase with " + String.join(" ", s.asked()) + "; lock file "
                + s.lockFile());
        return set;
    }

    /**
     * What mmdebstrap writes itself: an unconfigured fstab, and apt's view of the tree (the mirror
     * in sources.list, the packages apt chose itself in extended_states).
     */
    private void setupFiles(List<DebPackage> set, Set<String> byDpkg) throws IOException {
        io.rootfs.core.tree.GuestPath guest = new io.rootfs.core.tree.GuestPath(settings.tree());
        if (!guest.exists("etc/fstab")) {
            guest.write("etc/fstab", "# UNCONFIGURED FSTAB FOR BASE SYSTEM\n");
        }
        guest.write("etc/apt/sources.list", "deb " + settings.mirror() + " " + settings.suite() + " "
                + String.join(" ", settings.components()) + "\n");
        // mmdebstrap has dpkg install the essential packages and what they need, then apt the rest,
        // which marks what it chose itself (not asked for, not required) as automatically installed
        Set<String> asked = Set.copyOf(settings.asked());
        StringBuilder states = new StringBuilder();
        for (DebPackage p : set) {
            if (!byDpkg.contains(p.name()) && !"required".equals(p.priority()) && !asked.contains(p.name())) {
                states.append("Package: ").append(p.name()).append("\nArchitecture: ").append(settings.debArch())
                        .append("\nAuto-Installed: 1\n\n");
            }
        }
        guest.write("var/lib/apt/extended_states", states.toString());
    }

    /** Writes the lock file when its content changes (an unchanged set leaves the file, and its time, alone). */
    private void writeLock(List<DebPackage> set) throws IOException {
        // a temporary file of this build's own: two builds of the project may resolve at once
        Path tmp = Files.createTempFile(settings.lockFile().getParent(), "." + settings.lockFile().getFileName(), ".tmp");
        try {
            LockFile.write(tmp, settings.mirror(), settings.suite(), settings.asked(), set);
            // a file of the project, to be committed and read by others: not the temporary file's 0600
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            if (!Files.isRegularFile(settings.lockFile()) || Files.mismatch(tmp, settings.lockFile()) != -1) {
                Files.move(tmp, settings.lockFile(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The extra library folders the merged-usr layout links into /usr on this architecture (mmdebstrap's hook). */
    static List<String> libDirs(String debArch) {
        return switch (debArch) {
            case "amd64" -> List.of("lib32", "lib64", "libx32");
            case "ppc64el" -> List.of("lib64");
            case "s390x" -> List.of("lib32");
            case "i386" -> List.of("lib64", "libx32");
            default -> List.of();
        };
    }

    private void start() {
        phaseStart = System.nanoTime();
        cpuAtStart = io.rootfs.core.host.CpuTime.now();
        cpuAtPhase = cpuAtStart;
    }

    private void done(String phase, String what) {
        long now = System.nanoTime();
        double seconds = (now - phaseStart) / 1e9;
        phases.put(phase, seconds);
        io.rootfs.core.host.CpuTime.Used cpu = io.rootfs.core.host.CpuTime.now();
        io.rootfs.core.host.CpuTime.Used spent = cpu.since(cpuAtPhase);
        log.debug(String.format(java.util.Locale.ROOT, "Native phase %s: %s (%.2f s; CPU %.2f s, %.2f s of it in"
                + " processes it started)", phase, what, seconds, spent.total(), spent.children()));
        phaseStart = now;
        cpuAtPhase = cpu;
    }
}
