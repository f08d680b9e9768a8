package io.rootfs.core.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rootfs.api.BuildLog;
import io.rootfs.api.OutputSpec;
import io.rootfs.core.RootfsException;
import io.rootfs.core.tree.RootfsTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tar and initrd outputs of a small guest tree whose manifest says what the disk cannot (root
 * owners, a device node), read back by GNU tar and GNU cpio.
 */
class ArchiveOutputsTest {
    static final long EPOCH = 1767225600L;
    @TempDir
    Path tmp;

    /** A tree as a build without root leaves it, plus what its builder recorded; {@code salt} changes what must not matter. */
    RootfsTree tree(String name, int salt) throws IOException {
        Path root = Files.createDirectories(tmp.resolve(name));
        Files.createDirectories(root.resolve("usr/bin"));
        Files.createDirectories(root.resolve("usr/sbin"));
        Files.createDirectories(root.resolve("dev"));
        Files.writeString(root.resolve("usr/bin/kata-agent"), "#!/bin/sh\n");
        Files.writeString(root.resolve("usr/bin/su"), "su binary");
        Files.createLink(root.resolve("usr/bin/su2"), root.resolve("usr/bin/su"));
        Files.createSymbolicLink(root.resolve("sbin"), Path.of("usr/sbin"));
        Files.createSymbolicLink(root.resolve("usr/sbin/init"), Path.of("../bin/kata-agent"));
        if (salt > 0) {
            Files.writeString(root.resolve("usr/bin/.created-first-here"), "x"); // other inode order
            Files.delete(root.resolve("usr/bin/.created-first-here"));
        }
        SampleGuest.clamp(root);
        return SampleGuest.withRecorded(root, e -> e.path().equals("usr/bin/su") ? e.withOwner(0, 42, 04755) : e);
    }

    OutputContext context(String tar, String initrd) {
        return new OutputContext("rootfs", new OutputSpec(List.of("tar", "initrd"), tar, initrd, null, true, 0, false), EPOCH, false,
                BuildLog.stderr());
    }

    static String run(Path dir, String... command) throws Exception {
        return SampleGuest.run(dir, command);
    }

    @Test
    void tarHoldsWhatTheManifestSaysAndIsTheSameFromAnotherTree() throws Exception {
        Path out1 = Files.createDirectories(tmp.resolve("out1"));
        Path out2 = Files.createDirectories(tmp.resolve("out2"));
        new TarOutput().write(tree("a", 0), out1, context("zstd", "gzip"));
        new TarOutput().write(tree("b", 1), out2, context("zstd", "gzip"));
        assertThat(Files.readAllBytes(out2.resolve("rootfs.tar.zst"))).isEqualTo(Files.readAllBytes(out1.resolve("rootfs.tar.zst")));
        String listing = run(out1, "tar", "--zstd", "--numeric-owner", "-tvf", "rootfs.tar.zst");
        assertThat(listing.lines().map(l -> l.replaceAll("\\s+", " ")).toList()).containsExactly(
                "drwxr-xr-x 0/0 0 2026-01-01 00:00 ./",
                "drwxr-xr-x 0/0 0 2026-01-01 00:00 ./dev/",
                "crw------- 0/5 5,1 2026-01-01 00:00 ./dev/console",
                "lrwxrwxrwx 0/0 0 2026-01-01 00:00 ./sbin -> usr/sbin",
                "drwxr-xr-x 0/0 0 2026-01-01 00:00 ./usr/",
                "drwxr-xr-x 0/0 0 2026-01-01 00:00 ./usr/bin/",
                "-rw-r--r-- 0/0 10 2026-01-01 00:00 ./usr/bin/kata-agent",
                "-rwsr-xr-x 0/42 9 2026-01-01 00:00 ./usr/bin/su",
                "hrwsr-xr-x 0/42 0 2026-01-01 00:00 ./usr/bin/su2 link to ./usr/bin/su",
                "drwxr-xr-x 0/0 0 2026-01-01 00:00 ./usr/sbin/",
                "lrwxrwxrwx 0/0 0 2026-01-01 00:00 ./usr/sbin/init -> ../bin/kata-agent");
    }

    @Test
    void gzipAndNoneAreOffered() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("out"));
        new TarOutput().write(tree("a", 0), out, context("gzip", "gzip"));
        assertThat(run(out, "tar", "-tzf", "rootfs.tar.gz")).contains("./usr/bin/su");
        new TarOutput().write(tree("b", 0), out, context("none", "gzip"));
        assertThat(run(out, "tar", "-tf", "rootfs.tar")).contains("./usr/bin/su");
        assertThatThrownBy(() -> new TarOutput().fileNames(context("xz", "gzip")))
                .isInstanceOf(RootfsException.class).hasMessage("rootfs.tarCompression=xz is not a compression this"
                        + " output takes. Accepted: zstd, gzip, none.");
    }

    @Test
    void initrdIsANewcCpioWithInitAndTheSameFromAnotherTree() throws Exception {
        Path out1 = Files.createDirectories(tmp.resolve("out1"));
        Path out2 = Files.createDirectories(tmp.resolve("out2"));
        new InitrdOutput().write(tree("a", 0), out1, context("zstd", "gzip"));
        new InitrdOutput().write(tree("b", 1), out2, context("zstd", "gzip"));
        assertThat(Files.readAllBytes(out2.resolve("rootfs.initrd"))).isEqualTo(Files.readAllBytes(out1.resolve("rootfs.initrd")));
        run(out1, "sh", "-c", "gzip -dc rootfs.initrd > rootfs.cpio");
        String listing = run(out1, "cpio", "-itv", "--numeric-uid-gid", "-F", "rootfs.cpio");
        assertThat(listing).contains("init -> /sbin/init").contains("crw-------   1 0        5          5,   1")
                .containsPattern("-rwsr-xr-x +2 0 +42 +9 .* usr/bin/su\\n");
        Path unpacked = Files.createDirectories(tmp.resolve("unpacked"));
        run(unpacked, "cpio", "-idm", "--no-absolute-filenames", "-F", out1.resolve("rootfs.cpio").toString());
        assertThat(unpacked.resolve("usr/bin/su")).hasContent("su binary");
        assertThat(unpacked.resolve("usr/bin/su2")).hasContent("su binary");
        assertThat(Files.isSameFile(unpacked.resolve("usr/bin/su"), unpacked.resolve("usr/bin/su2"))).isTrue();
    }

    @Test
    void kataChecksTheAgentBeforeAnInitrd() throws IOException {
        RootfsTree tree = tree("a", 0);
        Files.delete(tree.folder().resolve("usr/bin/kata-agent"));
        Files.writeString(tree.folder().resolve("usr/sbin/real-init"), "x");
        Files.delete(tree.folder().resolve("usr/sbin/init"));
        Files.createSymbolicLink(tree.folder().resolve("usr/sbin/init"), Path.of("real-init"));
        assertThatThrownBy(() -> new InitrdOutput().write(tree, tmp, context("zstd", "gzip")))
                .hasMessageStartingWith("The guest has no /usr/bin/kata-agent, and Kata's initrd needs the agent");
    }

    @Test
    void unknownFormatsAndOutputsThatAreNotOursAreRefusedBeforeWork() throws IOException {
        Path target = tmp.resolve("srv/rootfs");
        Files.createDirectories(target.getParent());
        OutputContext c = context("zstd", "gzip");
        assertThatThrownBy(() -> Outputs.check(new OutputSpec(List.of("directory", "iso"), "zstd", "gzip", null, true, 0, false), target, c,
                f -> false)).hasMessage("rootfs.formats names 'iso', which is not an output. Known: directory, tar,"
                        + " initrd, image, sbom.");
        Files.writeString(target.resolveSibling("rootfs.tar.zst"), "someone else's");
        assertThatThrownBy(() -> Outputs.check(new OutputSpec(List.of("tar"), "zstd", "gzip", null, true, 0, false), target, c, f -> false))
                .hasMessageContaining("rootfs.tar.zst exists and was not written by a build of " + target);
        assertThat(Outputs.check(new OutputSpec(List.of("tar"), "zstd", "gzip", null, true, 0, false), target, c, f -> true)).hasSize(1);
    }
}
