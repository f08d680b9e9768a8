package io.rootfs.nativedeb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Resolution over small hand-written indexes (FIXTURES: each entry names only what the case needs). */
class ResolverTest {

    static String entry(String name, String version, String... fields) {
        StringBuilder b = new StringBuilder("Package: " + name + "\nVersion: " + version + "\nArchitecture: amd64\n");
        for (String f : fields) {
            b.append(f).append('\n');
        }
        return b.append("Filename: pool/main/").append(name).append(".deb\nSize: 1\nSHA256: ")
                .append("0".repeat(64)).append("\n\n").toString();
    }

    static PackageIndex index(String... entries) {
        PackageIndex index = new PackageIndex("amd64");
        try {
            index.add(new java.io.ByteArrayInputStream(String.join("", entries).getBytes(
                    java.nio.charset.StandardCharsets.UTF_8)), "fixture Packages");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        return index;
    }

    private static List<String> names(List<DebPackage> set) {
        return set.stream().map(DebPackage::name).sorted().toList();
    }

    /** apt comes in by its priority, as in Debian's archive (mmdebstrap's minbase adds nothing by name). */
    private static final String APT = entry("apt", "2.6.1", "Priority: required");

    @Test
    void essentialRequiredAptAndAskedForClosedOverDepends() {
        PackageIndex index = index(APT, entry("base-files", "12.4", "Essential: yes", "Depends: libfoo (>= 1.0)"),
                entry("libfoo", "1.2"), entry("mount", "2.38", "Priority: required"),
                entry("systemd", "252", "Pre-Depends: libsystemd"), entry("libsystemd", "252"),
                entry("unrelated", "1"));
        assertThat(names(Resolver.minbase(index, List.of("systemd"))))
                .containsExactly("apt", "base-files", "libfoo", "libsystemd", "mount", "systemd");
    }

    @Test
    void alternativesAlreadyMetAreSkippedElseTheFirstThatExistsIsTaken() {
        PackageIndex index = index(APT, entry("a", "1", "Depends: mawk | gawk"), entry("gawk", "5"), entry("mawk", "1.3"),
                entry("b", "1", "Depends: missing | gawk"), entry("c", "1", "Depends: gawk | mawk"));
        // a takes mawk (the first); c's group is then met by mawk already
        assertThat(names(Resolver.minbase(index, List.of("a", "c")))).containsExactly("a", "apt", "c", "mawk");
        // b: the first alternative is in no index, so the second
        assertThat(names(Resolver.minbase(index, List.of("b")))).containsExactly("apt", "b", "gawk");
    }

    @Test
    void versionRelationsPickTheAlternativeThatMeetsThem() {
        PackageIndex index = index(APT, entry("a", "1", "Depends: libold (>= 2.0) | libnew (>> 1:0)"),
                entry("libold", "1.9"), entry("libnew", "1:0.5"));
        assertThat(names(Resolver.minbase(index, List.of("a")))).containsExactly("a", "apt", "libnew");
    }

    @Test
    void virtualPackagesComeFromTheirFirstProviderVersionedProvidesChecked() {
        PackageIndex index = index(APT, entry("a", "1", "Depends: mail-transport-agent"),
                entry("exim4", "4.96", "Provides: mail-transport-agent"),
                entry("postfix", "3.7", "Provides: mail-transport-agent"),
                entry("b", "1", "Depends: libz (>= 2)"), entry("zlib-ng", "2.1", "Provides: libz (= 2.1)"),
                entry("oldz", "1", "Provides: libz (= 1.0)"));
        assertThat(names(Resolver.minbase(index, List.of("a")))).containsExactly("a", "apt", "exim4");
        assertThat(names(Resolver.minbase(index, List.of("b")))).containsExactly("apt", "b", "zlib-ng");
    }

    @Test
    void amongProvidersTheMoreImportantWinsAsApt() {
        PackageIndex index = index(APT, entry("base-files", "12", "Essential: yes", "Pre-Depends: awk"),
                entry("gawk", "5", "Provides: awk", "Priority: optional"),
                entry("mawk", "1.3", "Provides: awk", "Priority: required"));
        assertThat(names(Resolver.minbase(index, List.of()))).containsExactly("apt", "base-files", "mawk");
    }

    @Test
    void theHighestVersionOfANameIsTheCandidate() {
        PackageIndex index = index(APT, entry("a", "1.0-1"), entry("a", "1.0-1+deb12u1"), entry("a", "1.0~rc1-1"));
        assertThat(Resolver.minbase(index, List.of("a"))).filteredOn(p -> p.name().equals("a"))
                .extracting(p -> p.version().toString()).containsExactly("1.0-1+deb12u1");
    }

    @Test
    void otherArchitecturesAreNotCandidates() {
        String arm = entry("a", "9").replace("Architecture: amd64", "Architecture: arm64");
        String all = entry("b", "1").replace("Architecture: amd64", "Architecture: all");
        PackageIndex index = index(APT, arm, all);
        assertThat(index.candidate("a")).isEmpty();
        assertThat(index.candidate("b")).isPresent();
    }

    @Test
    void anUnmetRelationNamesThePackageAndTheRelation() {
        PackageIndex index = index(APT, entry("a", "1", "Depends: libc6 (>= 2.40)"), entry("libc6", "2.36-9"));
        assertThatThrownBy(() -> Resolver.minbase(index, List.of("a")))
                .isInstanceOf(Resolver.UnsatisfiableException.class)
                .hasMessage("a 1 (amd64) depends on libc6 (>= 2.40), which nothing in the repository's index meets"
                        + " (libc6 is at 2.36-9)");
        assertThatThrownBy(() -> Resolver.minbase(index, List.of("nosuch")))
                .hasMessage("Package nosuch (asked for) is not in the repository's index for amd64");
    }

    @Test
    void conflictsAndBreaksAreRefused() {
        PackageIndex index = index(APT, entry("a", "1", "Conflicts: b"), entry("b", "2"),
                entry("c", "1", "Breaks: d (<< 2)"), entry("d", "1.5"), entry("e", "1", "Breaks: d (<< 1)"));
        assertThatThrownBy(() -> Resolver.minbase(index, List.of("a", "b")))
                .hasMessageContaining("a 1 (amd64) conflicts with b 2 (amd64) (b)");
        assertThatThrownBy(() -> Resolver.minbase(index, List.of("c", "d"))).hasMessageContaining("(d (<< 2))");
        assertThat(names(Resolver.minbase(index, List.of("e", "d")))).containsExactly("apt", "d", "e");
    }

    @Test
    void relationsParseQualifiersAndObsoleteOperators() {
        assertThat(Relation.parseField("python3:any (>= 3.11~), libc6 (< 2.37) | musl"))
                .hasToString("[[python3:any (>= 3.11~)], [libc6 (<= 2.37), musl]]");
        assertThatThrownBy(() -> Relation.parseField("libc6 (>= )")).hasMessageContaining("Not a package relation");
    }

    @Test
    void theClosureOfTheEssentialPackagesIsWhatDpkgInstallsFirst() {
        PackageIndex index = index(APT, entry("base-files", "12.4", "Essential: yes", "Depends: libfoo | libbar"),
                entry("libfoo", "1.2", "Pre-Depends: awk"), entry("mawk", "1.3", "Provides: awk"),
                entry("systemd", "252", "Depends: libsystemd"), entry("libsystemd", "252"), entry("libbar", "1"));
        List<DebPackage> set = Resolver.minbase(index, List.of("systemd"));
        // the first alternative the set holds, and a virtual package through its provider; systemd's side is not in it
        assertThat(Resolver.closure(set, DebPackage::essential)).containsExactlyInAnyOrder("base-files", "libfoo", "mawk");
    }

    @Test
    void whatAnotherPackagePreDependsOnIsSetUpFirstWithWhatItNeeds() {
        PackageIndex index = index(APT, entry("init", "1", "Priority: required", "Pre-Depends: systemd-sysv | sysvinit-core"),
                entry("systemd-sysv", "252", "Pre-Depends: systemd"), entry("systemd", "252", "Depends: libsystemd"),
                entry("libsystemd", "252"), entry("passwd", "1", "Priority: required", "Depends: libpam"),
                entry("libpam", "1"), entry("sysvinit-core", "3"));
        List<DebPackage> set = Resolver.minbase(index, List.of());
        // the first alternative the set holds; passwd, which nothing pre-depends on, waits for dpkg's own order
        assertThat(Resolver.preDependedOn(set)).containsExactlyInAnyOrder("systemd-sysv", "systemd", "libsystemd");
        assertThat(Resolver.preDependedOn(set.stream().filter(p -> !p.name().startsWith("init")).toList()))
                .containsExactlyInAnyOrder("systemd", "libsystemd");
    }
}
