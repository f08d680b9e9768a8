package io.rootfs.nativedeb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rootfs.core.RootfsException;
import io.rootfs.core.host.HostAptSources;
import io.rootfs.testkit.FixtureKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.BCPGInputStream;
import org.bouncycastle.bcpg.MPInteger;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.SignaturePacket;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against the real Debian mirror this machine's apt uses (bookworm, main, amd64): the signed index
 * checked with Debian's archive keys as the debian distro carries them, and the Kata package set
 * resolved to exactly the names and versions mmdebstrap installs from the same mirror. The refusals
 * use local copies: a changed byte, a wrong index, a FIXTURE key's expired Release.
 */
class DebRepositoryTest {
    static final Path KEYS = Path.of("../distros/debian/keys/trusted");
    static final List<String> KATA_SYSTEMD = List.of("systemd", "iptables", "init", "chrony", "kmod", "libseccomp2");
    static String mirror;
    static SignedRelease.TrustedKeys keys;
    static ReleaseFile release;
    static PackageIndex index;

    @BeforeAll
    static void readTheMirror() throws Exception {
        mirror = new HostAptSources().mirror().orElseThrow(() -> new AssertionError(
                "this machine's apt sources name no Debian mirror: the test needs one"));
        keys = SignedRelease.TrustedKeys.fromList(KEYS);
        DebRepository repo = new DebRepository(mirror, keys, Clock.systemUTC());
        release = repo.release("bookworm");
        index = repo.packages("bookworm", release, List.of("main"), "amd64");
    }

    @Test
    void theSignedIndexOfTheRealMirror() {
        assertThat(release.codename()).isEqualTo("bookworm");
        assertThat(release.entry("main/binary-amd64/Packages.xz")).isPresent();
        assertThat(index.size()).isGreaterThan(50_000);
        assertThat(index.candidate("libc6")).get().extracting(DebPackage::architecture).isEqualTo("amd64");
    }

    @Test
    void theKataSetIsWhatMmdebstrapInstalls(@TempDir Path tmp) throws Exception {
        Map<String, String> ours = Resolver.minbase(index, KATA_SYSTEMD).stream()
                .collect(Collectors.toMap(DebPackage::name, p -> p.version().toString(), (a, b) -> a, TreeMap::new));
        Map<String, String> theirs = mmdebstrapInstalled(tmp, KATA_SYSTEMD);
        assertThat(ours).isEqualTo(theirs);
        assertThat(ours).hasSizeGreaterThan(100).containsKeys("systemd", "apt", "base-files", "libc6", "usr-is-merged")
                .doesNotContainKeys("usrmerge", "perl");
    }

    @Test
    void theAgentInitSetIsWhatMmdebstrapInstalls(@TempDir Path tmp) throws Exception {
        List<String> agentInit = List.of("iptables", "chrony", "kmod", "libseccomp2");
        Map<String, String> ours = Resolver.minbase(index, agentInit).stream()
                .collect(Collectors.toMap(DebPackage::name, p -> p.version().toString(), (a, b) -> a, TreeMap::new));
        assertThat(ours).isEqualTo(mmdebstrapInstalled(tmp, agentInit)).doesNotContainKey("systemd");
    }

    /** What mmdebstrap's minbase (merged-usr hook) installs: dpkg-query in the finished chroot, the tree discarded. */
    private static Map<String, String> mmdebstrapInstalled(Path tmp, List<String> include) throws Exception {
        Path list = tmp.resolve("installed.txt");
        runMmdebstrap(tmp, List.of("--mode=root", "--variant=minbase", "--format=null", "--architectures=amd64",
                "--components=main", "--include=" + String.join(",", include),
                "--hook-dir=/usr/share/mmdebstrap/hooks/merged-usr",
                "--customize-hook=chroot \"$1\" dpkg-query -W -f='${Package} ${Version}\\n' > " + list,
                // its dpkg database, for the comparison with the one written in the JVM
                "--customize-hook=cp -a \"$1/var/lib/dpkg\" " + tmp.resolve("mmdebstrap-dpkg"),
                "bookworm", "-", mirror));
        Map<String, String> installed = new TreeMap<>();
        Files.readAllLines(list).forEach(l -> installed.put(l.split(" ")[0], l.split(" ")[1]));
        assertThat(installed).as("mmdebstrap's installed packages").isNotEmpty();
        return installed;
    }

    @Test
    void aChangedByteInTheSignedTextIsRefused(@TempDir Path tmp) throws Exception {
        Path copy = localMirror(tmp);
        Path inRelease = copy.resolve("dists/bookworm/InRelease");
        String text = Files.readString(inRelease);
        Files.writeString(inRelease, text.replaceFirst("Codename: bookworm", "Codename: bookwurm"));
        assertThatThrownBy(() -> new DebRepository(copy.toUri().toString(), keys, Clock.systemUTC()).release("bookworm"))
                .isInstanceOf(RootfsException.class)
                .hasMessageContaining("dists/bookworm/InRelease is not signed by a trusted archive key")
                .hasMessageContaining("(BAD signature)").hasMessageContaining("rootfs.mirror=" + copy.toUri());
    }

    @Test
    void anUntrustedKeyIsRefusedEvenWhenItsSignatureIsGood(@TempDir Path tmp) throws Exception {
        try (FixtureKey fixture = FixtureKey.create(tmp.resolve("key"))) {
            Path copy = signedFixtureRelease(tmp, fixture, "Sat, 01 Jan 2050 00:00:00 UTC");
            assertThatThrownBy(() -> new DebRepository(copy.toUri().toString(), keys, Clock.systemUTC()).release("bookworm"))
                    .hasMessageContaining("(not a trusted key)");
        }
    }

    @Test
    void aReleaseSignedWithACurveTheJdkLacksIsCheckedByBouncyCastlesOwnEngine(@TempDir Path tmp) throws Exception {
        // the signatures are checked by the JDK's algorithms, which since JDK 16 have no brainpool curves
        assertThatThrownBy(() -> java.security.KeyPairGenerator.getInstance("EC")
                .initialize(new java.security.spec.ECGenParameterSpec("brainpoolP256r1")))
                .hasMessageContaining("Curve not supported");
        try (FixtureKey brainpool = FixtureKey.create(tmp.resolve("key"), "brainpoolP256r1")) {
            SignedRelease.TrustedKeys trusted = SignedRelease.TrustedKeys.load(List.of(brainpool.publicKey()),
                    List.of(brainpool.fingerprint()));
            Path copy = signedFixtureRelease(tmp, brainpool, "Sat, 01 Jan 2050 00:00:00 UTC");
            assertThat(new DebRepository(copy.toUri().toString(), trusted, Clock.systemUTC()).release("bookworm")
                    .entry("main/binary-amd64/Packages.xz")).isPresent();
            // and a changed byte is still refused on that path
            Path release = copy.resolve("dists/bookworm/InRelease");
            Files.writeString(release, Files.readString(release).replace("Codename: bookworm", "Codename: bookwork"));
            assertThatThrownBy(() -> new DebRepository(copy.toUri().toString(), trusted, Clock.systemUTC())
                    .release("bookworm")).hasMessageContaining("(BAD signature)");
        }
    }

    @Test
    void aSignatureThatCannotBeCheckedCountsAsNoneAndTheOthersAreStillLookedAt(@TempDir Path tmp) throws Exception {
        try (FixtureKey fixture = FixtureKey.create(tmp.resolve("key"))) {
            SignedRelease.TrustedKeys trusted = SignedRelease.TrustedKeys.load(List.of(fixture.publicKey()),
                    List.of(fixture.fingerprint()));
            Path signed = tmp.resolve("InRelease");
            fixture.clearSign(Files.writeString(tmp.resolve("Release"), "Origin: FIXTURE\nSuite: stable\n"), signed);
            String text = Files.readString(signed);
            String head = text.substring(0, text.indexOf("-----BEGIN PGP SIGNATURE-----"));
            PGPSignature genuine = ((PGPSignatureList) new JcaPGPObjectFactory(new ArmoredInputStream(
                    new ByteArrayInputStream(text.substring(head.length()).getBytes(StandardCharsets.US_ASCII))))
                    .nextObject()).get(0);
            // forged from it: the trusted key's id, another algorithm (EdDSA for an RSA key): the JDK refuses it,
            // Bouncy Castle's engine throws a runtime exception (a ClassCastException, seen when it escaped)
            SignaturePacket p = (SignaturePacket) new BCPGInputStream(new ByteArrayInputStream(genuine.getEncoded()))
                    .readPacket();
            SignaturePacket forged = new SignaturePacket(p.getVersion(), p.getSignatureType(), p.getKeyID(),
                    PublicKeyAlgorithmTags.EDDSA_LEGACY, p.getHashAlgorithm(), p.getHashedSubPackets(),
                    p.getUnhashedSubPackets(), p.getFingerPrint(),
                    new MPInteger[] {new MPInteger(BigInteger.TEN), new MPInteger(BigInteger.TEN)});
            String issuer = String.format("%016X", p.getKeyID());

            assertThatThrownBy(() -> SignedRelease.verify((head + armored(forged.getEncoded())).getBytes(
                    StandardCharsets.UTF_8), trusted, "FIXTURE InRelease", Instant.now()))
                    .isInstanceOf(SignedRelease.BadSignatureException.class).hasMessageContaining(issuer + " (")
                    .hasMessageNotContaining("BAD signature");
            // beside a good signature by the same key, the forged one is passed over
            ByteArrayOutputStream both = new ByteArrayOutputStream();
            both.write(forged.getEncoded());
            both.write(genuine.getEncoded());
            assertThat(SignedRelease.verify((head + armored(both.toByteArray())).getBytes(StandardCharsets.UTF_8), trusted,
                    "FIXTURE InRelease", Instant.now())).isEqualTo("Origin: FIXTURE\nSuite: stable\n");
        }
    }

    private static String armored(byte[] packets) throws java.io.IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArmoredOutputStream armor = new ArmoredOutputStream(out)) {
            armor.write(packets);
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    @Test
    void anExpiredReleaseIsRefusedAndAWrongIndexToo(@TempDir Path tmp) throws Exception {
        try (FixtureKey fixture = FixtureKey.create(tmp.resolve("key"))) {
            SignedRelease.TrustedKeys fixtureKeys = SignedRelease.TrustedKeys.load(List.of(fixture.publicKey()),
                    List.of(fixture.fingerprint()));
            Path copy = signedFixtureRelease(tmp, fixture, "Thu, 01 Jan 2026 00:00:00 UTC");
            Clock now = Clock.fixed(Instant.parse("2026-11-29T00:00:00Z"), ZoneOffset.UTC);
            assertThatThrownBy(() -> new DebRepository(copy.toUri().toString(), fixtureKeys, now).release("bookworm"))
                    .isInstanceOfSatisfying(RootfsException.class, e -> assertThat(e.isUserError()).isTrue())
                    .hasMessage(copy.toUri() + "dists/bookworm/InRelease expired at 2026-01-01T00:00:00Z (Valid-Until):"
                            + " the mirror serves an outdated copy of the archive. Use another mirror (rootfs.mirror="
                            + copy.toUri() + "), or a snapshot archive on purpose.");
            Clock before = Clock.fixed(Instant.parse("2025-12-01T00:00:00Z"), ZoneOffset.UTC);
            DebRepository repo = new DebRepository(copy.toUri().toString(), fixtureKeys, before);
            ReleaseFile fixtureRelease = repo.release("bookworm");
            assertThat(Files.readString(copy.resolve("dists/bookworm/InRelease"))).contains("\n- -X-Note: dashed\n");
            // the same signed file served as another suite's
            Path trixie = Files.createDirectories(copy.resolve("dists/trixie"));
            Files.copy(copy.resolve("dists/bookworm/InRelease"), trixie.resolve("InRelease"));
            assertThatThrownBy(() -> repo.release("trixie"))
                    .hasMessageContaining("is the Release of stable (bookworm), not of trixie");
            assertThatThrownBy(() -> repo.packages("bookworm", fixtureRelease, List.of("main"), "amd64"))
                    .isInstanceOfSatisfying(RootfsException.class, e -> assertThat(e.isUserError()).isTrue())
                    .hasMessageStartingWith(copy.toUri() + "dists/bookworm/main/binary-amd64/Packages.xz does not match the"
                            + " SHA-256 and size InRelease gives (")
                    .hasMessageEndingWith("fetched): the mirror is being updated or broken. Retry, or use another mirror"
                            + " (rootfs.mirror=" + copy.toUri() + ").");
        }
    }

    @Test
    void theIndexIsReadFromGzipWhereTheReleaseListsItAndItsUncompressedHashIsChecked(@TempDir Path tmp) throws Exception {
        try (FixtureKey fixture = FixtureKey.create(tmp.resolve("key"))) {
            SignedRelease.TrustedKeys fixtureKeys = SignedRelease.TrustedKeys.load(List.of(fixture.publicKey()),
                    List.of(fixture.fingerprint()));
            Clock before = Clock.fixed(Instant.parse("2025-12-01T00:00:00Z"), ZoneOffset.UTC);
            byte[] text = fixturePackages("a");
            // the .xz is listed but not served: only a build that takes the .gz reads this index
            Path good = signedFixture(tmp.resolve("good"), fixture, "Sat, 01 Jan 2050 00:00:00 UTC", Map.of(
                    "main/binary-amd64/Packages", text, "main/binary-amd64/Packages.gz", gzip(text),
                    "main/binary-amd64/Packages.xz", "not served".getBytes(StandardCharsets.UTF_8)),
                    Map.of("main/binary-amd64/Packages.gz", gzip(text)));
            DebRepository repo = new DebRepository(good.toUri().toString(), fixtureKeys, before)
                    .keptIn(tmp.resolve("kept"), good.toUri().toString(), false);
            DebRepository.PendingRelease pending = repo.releaseAhead("bookworm");
            PackageIndex index = pending.use(r -> repo.packages("bookworm", r, List.of("main"), "amd64"));
            assertThat(index.candidate("a")).isPresent();
            // kept uncompressed, and read from there by the next build, offline
            DebRepository offline = new DebRepository(good.toUri().toString(), fixtureKeys, before)
                    .keptIn(tmp.resolve("kept"), good.toUri().toString(), true);
            ReleaseFile release = offline.release("bookworm");
            assertThat(offline.packages("bookworm", release, List.of("main"), "amd64").candidate("a")).isPresent();

            // a .gz that matches its own hash but uncompresses to other text than the Release gives
            byte[] other = fixturePackages("b");
            Path bad = signedFixture(tmp.resolve("bad"), fixture, "Sat, 01 Jan 2050 00:00:00 UTC", Map.of(
                    "main/binary-amd64/Packages", text, "main/binary-amd64/Packages.gz", gzip(other)),
                    Map.of("main/binary-amd64/Packages.gz", gzip(other)));
            DebRepository badRepo = new DebRepository(bad.toUri().toString(), fixtureKeys, before);
            assertThatThrownBy(() -> badRepo.releaseAhead("bookworm")
                    .use(r -> badRepo.packages("bookworm", r, List.of("main"), "amd64")))
                    .isInstanceOf(RootfsException.class)
                    .hasMessageContaining("main/binary-amd64/Packages.gz uncompressed does not match the SHA-256");

            // read as it arrives: a served .gz longer than listed is cut off at the size, one that is not the
            // listed file (of the listed size, not even gzip) is told as a mismatch, not as unreadable
            byte[] listed = gzip(text);
            byte[] longer = java.util.Arrays.copyOf(listed, listed.length + 100);
            byte[] notGzip = "x".repeat(listed.length).getBytes(StandardCharsets.UTF_8);
            for (byte[] served : List.of(longer, notGzip)) {
                Path wrong = signedFixture(tmp.resolve("wrong-" + served.length), fixture, "Sat, 01 Jan 2050 00:00:00 UTC",
                        Map.of("main/binary-amd64/Packages", text, "main/binary-amd64/Packages.gz", listed),
                        Map.of("main/binary-amd64/Packages.gz", served));
                DebRepository wrongRepo = new DebRepository(wrong.toUri().toString(), fixtureKeys, before);
                assertThatThrownBy(() -> wrongRepo.releaseAhead("bookworm")
                        .use(r -> wrongRepo.packages("bookworm", r, List.of("main"), "amd64")))
                        .isInstanceOf(RootfsException.class)
                        .hasMessageContaining(served == longer
                                ? "main/binary-amd64/Packages.gz is larger than expected (over " + listed.length + " bytes)"
                                : "main/binary-amd64/Packages.gz does not match the SHA-256 and size InRelease gives");
            }
        }
    }

    @Test
    void anIndexReadBeforeTheSignatureIsCheckedCountsOnlyOnceItIsAndAForgeryIsToldAsSuch(@TempDir Path tmp)
            throws Exception {
        try (FixtureKey fixture = FixtureKey.create(tmp.resolve("key"))) {
            // signed by a key the Debian keys do not hold, and listing an index that differs too:
            // the signature is what the build reports, not the index the forged Release led to
            Path copy = signedFixtureRelease(tmp, fixture, "Sat, 01 Jan 2050 00:00:00 UTC");
            DebRepository repo = new DebRepository(copy.toUri().toString(), keys, Clock.systemUTC());
            DebRepository.PendingRelease pending = repo.releaseAhead("bookworm");
            assertThat(pending.claimed().entry("main/binary-amd64/Packages.xz")).isPresent();
            assertThatThrownBy(() -> pending.use(r -> repo.packages("bookworm", r, List.of("main"), "amd64")))
                    .isInstanceOf(RootfsException.class).hasMessageContaining("(not a trusted key)");
            // and work that succeeded on the claimed Release does not count either
            assertThatThrownBy(() -> pending.use(r -> "read")).hasMessageContaining("(not a trusted key)");
            // ahead: the work's result without waiting, and the check still fails when it is asked for
            String read = pending.ahead(r -> "read");
            assertThat(read).isEqualTo("read");
            assertThatThrownBy(pending::verified).hasMessageContaining("(not a trusted key)");
            assertThatThrownBy(() -> pending.ahead(r -> {
                throw new IllegalStateException("what followed");
            })).hasMessageContaining("(not a trusted key)");
        }
    }

    @Test
    void anIndexReadWithAForgedReleaseIsNotKeptForTheNextBuild(@TempDir Path tmp) throws Exception {
        try (FixtureKey fixture = FixtureKey.create(tmp.resolve("key"))) {
            // a well-formed index whose hashes the Release gives, but the Release is signed by a key the
            // Debian keys do not hold: the index is read while the check runs, and must not stay behind
            byte[] text = fixturePackages("a");
            Path forged = signedFixture(tmp, fixture, "Sat, 01 Jan 2050 00:00:00 UTC", Map.of(
                    "main/binary-amd64/Packages", text, "main/binary-amd64/Packages.gz", gzip(text)),
                    Map.of("main/binary-amd64/Packages.gz", gzip(text)));
            Path keptFolder = tmp.resolve("kept");
            DebRepository repo = new DebRepository(forged.toUri().toString(), keys, Clock.systemUTC())
                    .keptIn(keptFolder, forged.toUri().toString(), false);
            DebRepository.PendingRelease pending = repo.releaseAhead("bookworm");
            assertThatThrownBy(() -> pending.use(r -> repo.packages("bookworm", r, List.of("main"), "amd64")))
                    .hasMessageContaining("(not a trusted key)");
            try (java.util.stream.Stream<Path> files = Files.list(keptFolder)) {
                assertThat(files.map(f -> f.getFileName().toString())).noneMatch(f -> f.contains("Packages"));
            } catch (java.nio.file.NoSuchFileException nothingKept) {
                // nothing at all was kept
            }
        }
    }

    @Test
    void anXzIndexThatAsksForAHugeDictionaryIsRefusedNotAllocated(@TempDir Path tmp) throws Exception {
        try (FixtureKey fixture = FixtureKey.create(tmp.resolve("key"))) {
            SignedRelease.TrustedKeys fixtureKeys = SignedRelease.TrustedKeys.load(List.of(fixture.publicKey()),
                    List.of(fixture.fingerprint()));
            byte[] xz = hugeDictionaryXz(fixturePackages("a"));
            Path root = signedFixture(tmp, fixture, "Sat, 01 Jan 2050 00:00:00 UTC",
                    Map.of("main/binary-amd64/Packages.xz", xz), Map.of("main/binary-amd64/Packages.xz", xz));
            DebRepository repo = new DebRepository(root.toUri().toString(), fixtureKeys,
                    Clock.fixed(Instant.parse("2025-12-01T00:00:00Z"), ZoneOffset.UTC));
            assertThatThrownBy(() -> repo.releaseAhead("bookworm").use(r -> repo.packages("bookworm", r, List.of("main"),
                    "amd64"))).isInstanceOf(RootfsException.class)
                    .hasMessageContaining("main/binary-amd64/Packages.xz cannot be read");
        }
    }

    /**
     * A FIXTURE .xz whose LZMA2 filter says its dictionary is 1.5 GiB (property 37, the largest xz
     * accepts): the block header's property byte rewritten, its CRC32 computed again.
     */
    private static byte[] hugeDictionaryXz(byte[] content) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (org.tukaani.xz.XZOutputStream xz = new org.tukaani.xz.XZOutputStream(out, new org.tukaani.xz.LZMA2Options())) {
            xz.write(content);
        }
        byte[] bytes = out.toByteArray();
        int header = 12; // the stream header; the block header follows
        int size = ((bytes[header] & 0xff) + 1) * 4;
        boolean patched = false;
        for (int i = header + 2; i + 2 < header + size - 4; i++) {
            if (bytes[i] == 0x21 && bytes[i + 1] == 0x01) { // filter LZMA2, one byte of properties
                bytes[i + 2] = 37;
                patched = true;
                break;
            }
        }
        assertThat(patched).as("the block header names the LZMA2 filter").isTrue();
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(bytes, header, size - 4);
        long value = crc.getValue();
        for (int k = 0; k < 4; k++) {
            bytes[header + size - 4 + k] = (byte) (value >>> (8 * k));
        }
        return bytes;
    }

    @Test
    void packagesAreFetchedIntoACacheKeyedByHashAndServedFromItOffline(@TempDir Path tmp) throws Exception {
        List<DebPackage> some = List.of("hostname", "netbase", "base-passwd").stream()
                .map(n -> index.candidate(n).orElseThrow()).toList();
        Path cache = tmp.resolve("cache");
        List<PackageFetcher.Progress> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Path> files = new PackageFetcher(mirror, cache, 2, null).fetch(some, false, seen::add);
        for (int i = 0; i < some.size(); i++) {
            assertThat(files.get(i)).hasFileName(some.get(i).sha256() + ".deb");
            assertThat(io.rootfs.core.output.Digests.sha256(files.get(i))).isEqualTo(some.get(i).sha256());
        }
        assertThat(seen).extracting(PackageFetcher.Progress::done).contains(3);
        assertThat(seen.stream().mapToLong(PackageFetcher.Progress::bytes).max().orElse(0))
                .isEqualTo(some.stream().mapToLong(DebPackage::size).sum());

        // each is a .deb whose control names it and whose data holds its files
        DebArchive hostname = DebArchive.open(files.get(0));
        assertThat(hostname.control()).containsEntry("Package", "hostname")
                .containsEntry("Version", some.get(0).version().toString());
        assertThat(hostname.controlFiles()).containsKey("md5sums");
        assertThat(hostname.dataMember()).matches("data\\.tar(\\.(xz|zst|gz))?");
        List<String> names = new java.util.ArrayList<>();
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(hostname.data())) {
            for (var e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                names.add(e.getName());
            }
        }
        assertThat(names).contains("./bin/hostname", "./usr/share/doc/hostname/copyright");
        assertThat(DebArchive.open(files.get(2)).controlFiles()).containsKeys("control", "postinst", "preinst");
        assertThatThrownBy(() -> DebArchive.open(KEYS)).hasMessageContaining("is not a .deb");

        // a mirror that cannot answer: the cache serves everything, also offline
        PackageFetcher dead = new PackageFetcher("http://127.0.0.1:9/debian", cache, 2, null);
        assertThat(dead.fetch(some, true, p -> { })).isEqualTo(files);
        // a damaged cached file is not served: offline it is named as missing, online fetched again
        Files.write(files.get(1), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> dead.fetch(some, true, p -> { }))
                .hasMessageContaining("Maven runs offline (-o), and the package cache " + cache + " lacks: netbase ");
        new PackageFetcher(mirror, cache, 2, null).fetch(some, false, p -> { });
        assertThat(io.rootfs.core.output.Digests.sha256(files.get(1))).isEqualTo(some.get(1).sha256());
    }

    @Test
    void aPackageWhoseBytesDifferFromTheIndexIsRefusedAndNotCached(@TempDir Path tmp) throws Exception {
        DebPackage netbase = index.candidate("netbase").orElseThrow();
        Path fake = tmp.resolve("mirror");
        Path file = fake.resolve(netbase.filename());
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[(int) netbase.size()]); // the right size, other bytes
        Path cache = tmp.resolve("cache");
        assertThatThrownBy(() -> new PackageFetcher(fake.toUri().toString(), cache, 1, null).fetch(List.of(netbase), false,
                p -> { })).isInstanceOf(RootfsException.class).hasMessageContaining(netbase.filename() + " (netbase ")
                .hasMessageContaining("does not match the index").hasMessageContaining("rootfs.mirror");
        try (var left = Files.list(cache)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void theKataSetUnpacksAsMmdebstrapExtractsIt(@TempDir Path tmp) throws Exception {
        List<DebPackage> set = Resolver.minbase(index, KATA_SYSTEMD);
        List<Path> debs = new PackageFetcher(mirror, tmp.resolve("cache"), 4, null).fetch(set, false, p -> { });
        Path ours = tmp.resolve("ours");
        DebUnpacker unpacker = new DebUnpacker(ours, List.of("lib32", "lib64", "libx32"), isRoot());
        List<Long> sizes = set.stream().map(DebPackage::installedKiB).toList();
        // decoded ahead within 4 MiB: most packages in memory, the larger ones (libc6, systemd) streamed in turn
        assertThat(sizes).anyMatch(k -> k * 1024 > 4 << 20).anyMatch(k -> k * 1024 < 4 << 20);
        try (DecodeAhead ahead = new DecodeAhead(debs::get, sizes, 2, 4 << 20)) {
            for (int i = 0; i < set.size(); i++) {
                DecodeAhead.Prepared ready = ahead.next(i);
                assertThat(ready.control().get("Package")).isEqualTo(set.get(i).name());
                unpacker.unpack(set.get(i).name(), ready.archive(), ready.data());
            }
        }
        io.rootfs.core.tree.Manifest manifest = unpacker.finish();

        Path theirs = tmp.resolve("theirs");
        runMmdebstrap(tmp, List.of("--variant=extract", "--mode=root", "--architectures=amd64", "--components=main",
                "--include=" + set.stream().map(p -> p.name() + "=" + p.version()).collect(Collectors.joining(",")),
                "--hook-dir=/usr/share/mmdebstrap/hooks/merged-usr", "bookworm", theirs.toString(), mirror));
        List<String> differ = new java.util.ArrayList<>();
        for (io.rootfs.core.tree.TreeEntry e : manifest.entries()) {
            Path there = e.path().isEmpty() ? theirs : theirs.resolve(e.path());
            if (!Files.exists(there, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                differ.add(e.path() + ": not in mmdebstrap's tree");
                continue;
            }
            Map<String, Object> a = Files.readAttributes(there, "unix:mode,uid,gid,lastModifiedTime",
                    java.nio.file.LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) a.get("mode");
            var type = io.rootfs.core.tree.TreeEntry.Type.ofMode(mode);
            var ourType = e.type() == io.rootfs.core.tree.TreeEntry.Type.HARDLINK ? io.rootfs.core.tree.TreeEntry.Type.FILE
                    : e.type();
            String what = ourType + " " + Integer.toOctalString(e.mode()) + " " + e.uid() + ":" + e.gid();
            String seen = type + " " + Integer.toOctalString(type == io.rootfs.core.tree.TreeEntry.Type.SYMLINK ? 0777
                    : mode & 07777) + " " + a.get("uid") + ":" + a.get("gid");
            if (e.path().isEmpty() || e.type() == io.rootfs.core.tree.TreeEntry.Type.DIRECTORY
                    && SETUP_FOLDERS.contains(e.path())) {
                continue; // folders mmdebstrap's setup makes before any package, with modes of its own
            }
            long theirTime = ((java.nio.file.attribute.FileTime) a.get("lastModifiedTime")).toMillis() / 1000;
            if (!what.equals(seen)) {
                differ.add(e.path() + ": ours " + what + ", mmdebstrap's " + seen);
            } else if (ourType == io.rootfs.core.tree.TreeEntry.Type.SYMLINK
                    && !Files.readSymbolicLink(there).toString().equals(e.target())) {
                differ.add(e.path() + ": ours -> " + e.target() + ", mmdebstrap's -> " + Files.readSymbolicLink(there));
            } else if (ourType == io.rootfs.core.tree.TreeEntry.Type.FILE && !io.rootfs.core.output.Digests
                    .sha256(ours.resolve(e.path())).equals(io.rootfs.core.output.Digests.sha256(there))) {
                differ.add(e.path() + ": other content");
            } else if (ourType != io.rootfs.core.tree.TreeEntry.Type.DIRECTORY && !MERGED_LINKS.contains(e.path())
                    && e.mtime() != theirTime) {
                differ.add(e.path() + ": time " + e.mtime() + ", mmdebstrap's " + theirTime);
            }
        }
        assertThat(differ).as("entries unpacked unlike mmdebstrap").isEmpty();
        // and what mmdebstrap has beyond ours is its own setup (apt, dpkg, /dev), not package files
        List<String> extra = new java.util.ArrayList<>();
        try (var walk = Files.walk(theirs)) {
            walk.map(p -> theirs.relativize(p).toString()).filter(p -> !p.isEmpty() && manifest.get(p).isEmpty())
                    .filter(p -> !p.matches("(dev|lib32|libx32|usr/lib32|usr/libx32|etc/apt|var/lib/apt|var/lib/dpkg"
                            + "|var/cache/apt|var/log/apt|var/log/dpkg\\.log|etc/resolv\\.conf|etc/hostname|etc/fstab)(/.*)?"))
                    .forEach(extra::add);
        }
        assertThat(extra).as("package files mmdebstrap unpacked and we did not").isEmpty();
        assertThat(manifest.get("usr/bin/su")).get().extracting(e -> e.mode(), e -> e.uid())
                .containsExactly(04755, 0);

        // the dpkg database written in the JVM against the one dpkg left in a real mmdebstrap build
        List<DpkgDatabase.Installed> installed = new java.util.ArrayList<>();
        for (int i = 0; i < set.size(); i++) {
            DebArchive deb = DebArchive.open(debs.get(i));
            installed.add(new DpkgDatabase.Installed(deb.control(), deb.controlFiles(),
                    unpacker.lists().get(set.get(i).name())));
        }
        DpkgDatabase.write(ours, installed, "amd64");
        mmdebstrapInstalled(tmp, KATA_SYSTEMD);
        Path real = tmp.resolve("mmdebstrap-dpkg");
        assertThat(statusByPackage(ours.resolve("var/lib/dpkg/status"))).hasSize(set.size())
                .isEqualTo(statusByPackage(real.resolve("status")));
        // byte for byte: the fields in dpkg's order, the entries by name
        assertThat(ours.resolve("var/lib/dpkg/status")).hasSameTextualContentAs(real.resolve("status"));
        List<String> infoDiffer = new java.util.ArrayList<>();
        try (var files = Files.list(real.resolve("info"))) {
            for (Path theirsInfo : files.sorted().toList()) {
                Path oursInfo = ours.resolve("var/lib/dpkg/info").resolve(theirsInfo.getFileName());
                if (!Files.exists(oursInfo)) {
                    infoDiffer.add(theirsInfo.getFileName() + ": missing");
                } else if (theirsInfo.toString().endsWith(".list")
                        ? !new java.util.TreeSet<>(Files.readAllLines(oursInfo)).equals(new java.util.TreeSet<>(Files.readAllLines(theirsInfo)))
                        : !java.util.Arrays.equals(Files.readAllBytes(oursInfo), Files.readAllBytes(theirsInfo))) {
                    infoDiffer.add(theirsInfo.getFileName() + ": differs");
                }
            }
        }
        assertThat(infoDiffer).as("dpkg's info files unlike mmdebstrap's").isEmpty();
        assertThat(manifest.get("lib64")).get().extracting(io.rootfs.core.tree.TreeEntry::target).isEqualTo("usr/lib64");
        assertThat(manifest.get("libx32")).isEmpty();
    }

    /** A status file as package name -> its fields (all of them, in order). */
    private static Map<String, Map<String, String>> statusByPackage(Path status) throws Exception {
        Map<String, Map<String, String>> all = new TreeMap<>();
        try (var reader = Files.newBufferedReader(status)) {
            ControlParagraphs.read(reader, null, p -> all.put(p.get("Package"), new java.util.LinkedHashMap<>(p)));
        }
        return all;
    }

    /** Folders mmdebstrap makes in its setup, before any package; their modes are its own. */
    private static final java.util.Set<String> SETUP_FOLDERS = java.util.Set.of("etc", "var", "var/lib", "var/cache",
            "var/log", "tmp", "usr", "usr/bin", "usr/sbin", "usr/lib", "usr/lib64", "usr/lib32", "usr/libx32", "etc/apt",
            "var/lib/apt", "var/lib/dpkg", "var/cache/apt", "var/log/apt", "dev", "var/cache/apt/archives",
            "var/cache/apt/archives/partial", "var/lib/apt/lists", "var/lib/apt/lists/partial");
    /** The merged-usr links, which both make before any package (at the time of the build). */
    private static final java.util.Set<String> MERGED_LINKS = java.util.Set.of("bin", "sbin", "lib", "lib64");

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static String runMmdebstrap(Path tmp, List<String> args) {
        List<String> command = new java.util.ArrayList<>(List.of("mmdebstrap"));
        command.addAll(args);
        try {
            Process p = new ProcessBuilder(command).directory(tmp.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as("mmdebstrap: " + out).isZero();
            return out;
        } catch (java.io.IOException e) {
            throw new AssertionError("mmdebstrap cannot run (apt-get install mmdebstrap): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** A FIXTURE repository: a Release listing a Packages.xz whose bytes then differ, clear-signed by the fixture key. */
    private static Path signedFixtureRelease(Path tmp, FixtureKey key, String validUntil) throws Exception {
        return signedFixture(tmp, key, validUntil, Map.of("main/binary-amd64/Packages.xz", "Package: a\n".getBytes(
                StandardCharsets.UTF_8)), Map.of("main/binary-amd64/Packages.xz", "Package: b\n".getBytes(
                        StandardCharsets.UTF_8))); // same size, other bytes
    }

    /**
     * A FIXTURE repository of the suite bookworm: a Release whose SHA256 field lists {@code listed}
     * (path → the bytes whose hash and size it gives), clear-signed by the fixture key, and the files
     * {@code served}.
     */
    private static Path signedFixture(Path tmp, FixtureKey key, String validUntil, Map<String, byte[]> listed,
            Map<String, byte[]> served) throws Exception {
        Path root = tmp.resolve("mirror");
        Path suite = Files.createDirectories(root.resolve("dists/bookworm"));
        for (Map.Entry<String, byte[]> f : served.entrySet()) {
            Files.createDirectories(suite.resolve(f.getKey()).getParent());
            Files.write(suite.resolve(f.getKey()), f.getValue());
        }
        StringBuilder sums = new StringBuilder();
        new java.util.TreeMap<>(listed).forEach((path, bytes) -> sums.append(' ')
                .append(io.rootfs.core.output.Digests.sha256(bytes)).append(' ').append(bytes.length).append(' ')
                .append(path).append('\n'));
        Path releaseFile = suite.resolve("Release");
        // the line starting with a dash is dash-escaped by gpg's clear signature ("- -X-...") and must verify
        Files.writeString(releaseFile, "Origin: FIXTURE\n-X-Note: dashed\nSuite: stable\nCodename: bookworm\n"
                + "Date: Mon, 01 Dec 2025 00:00:00 UTC\nValid-Until: " + validUntil + "\nSHA256:\n" + sums);
        key.clearSign(releaseFile, suite.resolve("InRelease"));
        return root;
    }

    private static byte[] gzip(byte[] bytes) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    /** A FIXTURE Packages entry of architecture all. */
    private static byte[] fixturePackages(String name) {
        return ("Package: " + name + "\nVersion: 1.0-1\nArchitecture: all\nFilename: pool/" + name + ".deb\nSHA256: "
                + "0".repeat(64) + "\nSize: 1\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The real mirror's InRelease, copied into a local file: mirror. */
    private static Path localMirror(Path tmp) throws Exception {
        Path root = tmp.resolve("copy");
        Path dists = Files.createDirectories(root.resolve("dists/bookworm"));
        Files.write(dists.resolve("InRelease"), new DebRepository(mirror, keys, Clock.systemUTC())
                .fetch("dists/bookworm/InRelease", 1 << 24));
        return root;
    }
}
