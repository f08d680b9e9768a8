package io.rootfs.nativedeb;

import static io.rootfs.nativedeb.ResolverTest.entry;
import static io.rootfs.nativedeb.ResolverTest.index;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rootfs.core.RootfsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock file over FIXTURE indexes (hand-written entries). */
class LockFileTest {

    @Test
    void writtenSortedAndReadBackToTheSameSet(@TempDir Path tmp) {
        PackageIndex index = index(entry("zlib1g", "1:1.2.13"), entry("apt", "2.6.1", "Priority: required"),
                entry("libc6", "2.36-9+deb12u4"));
        List<DebPackage> set = Resolver.minbase(index, List.of("zlib1g", "libc6"));
        Path lock = tmp.resolve("rootfs.lock.json");
        try {
            LockFile.write(lock, "http://mirror.invalid/debian", "bookworm", List.of("zlib1g", "libc6"), set);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        List<LockFile.Entry> entries = LockFile.read(lock);
        assertThat(entries).extracting(LockFile.Entry::name).containsExactly("apt", "libc6", "zlib1g");
        assertThat(entries.get(2)).isEqualTo(new LockFile.Entry("zlib1g", "1:1.2.13", "amd64", "0".repeat(64),
                "pool/main/zlib1g.deb"));
        assertThat(LockFile.installable(entries, index, "http://mirror.invalid/debian"))
                .extracting(DebPackage::name).containsExactly("apt", "libc6", "zlib1g");
    }

    @Test
    void aVersionTheMirrorNoLongerHasIsNamedWithTheWayOut(@TempDir Path tmp) throws Exception {
        PackageIndex then = index(entry("apt", "2.6.1", "Priority: required"), entry("libc6", "2.36-9+deb12u4"));
        Path lock = tmp.resolve("rootfs.lock.json");
        LockFile.write(lock, "http://mirror.invalid/debian", "bookworm", List.of("libc6"),
                Resolver.minbase(then, List.of("libc6")));
        PackageIndex now = index(entry("apt", "2.6.1", "Priority: required"), entry("libc6", "2.36-9+deb12u7"));
        assertThatThrownBy(() -> LockFile.installable(LockFile.read(lock), now, "http://mirror.invalid/debian"))
                .isInstanceOf(RootfsException.class)
                .hasMessageContaining("no longer has what the lock file names: libc6 2.36-9+deb12u4 (the mirror has"
                        + " 2.36-9+deb12u7)")
                .hasMessageContaining("Point rootfs.mirror at a snapshot of the archive");
    }

    @Test
    void aDamagedLockFileIsRefusedByName(@TempDir Path tmp) throws Exception {
        Path lock = tmp.resolve("rootfs.lock.json");
        Files.writeString(lock, "{\"lockfile-version\": 1, \"packages\": [{\"name\": \"../x\", \"version\": \"1\","
                + " \"sha256\": \"00\"}]}");
        assertThatThrownBy(() -> LockFile.read(lock)).hasMessageContaining("The lock file " + lock + " is damaged");
        assertThatThrownBy(() -> LockFile.read(tmp.resolve("none.json")))
                .hasMessageContaining("Build once without rootfs.locked to write it");
    }
}
