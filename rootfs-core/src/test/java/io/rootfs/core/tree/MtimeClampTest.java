package io.rootfs.core.tree;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class MtimeClampTest {
    @TempDir
    Path tmp;

    static long mtime(Path p) throws IOException {
        return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis() / 1000;
    }

    @Test
    void laterTimesComeBackToTheEpochEarlierOnesStayLinksAreNotFollowed() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("root/etc"));
        Path newer = Files.writeString(root.resolve("new"), "x");
        Path older = Files.writeString(root.resolve("old"), "x");
        Files.setLastModifiedTime(older, FileTime.fromMillis(1000_000L));
        Path outside = Files.writeString(tmp.resolve("outside"), "host file");
        Files.createSymbolicLink(root.resolve("link"), outside);
        long outsideBefore = mtime(outside);

        int changed = MtimeClamp.clamp(tmp.resolve("root"), 1_700_000_000L);

        assertThat(mtime(newer)).isEqualTo(1_700_000_000L);
        assertThat(mtime(older)).isEqualTo(1000L);
        assertThat(mtime(root.resolve("link"))).isEqualTo(1_700_000_000L);
        assertThat(mtime(root)).isEqualTo(1_700_000_000L);
        assertThat(mtime(tmp.resolve("root"))).isEqualTo(1_700_000_000L);
        assertThat(mtime(outside)).isEqualTo(outsideBefore);
        assertThat(changed).isEqualTo(5);
    }

    @Test
    @Timeout(20)
    void specialFilesAreTouchedWithoutBeingOpened() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root/dev"));
        Path fifo = root.resolve("initctl");
        // a fifo with no reader: opening it, as Java does to set times, would block forever
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        MtimeClamp.clamp(tmp.resolve("root"), 1_700_000_000L);
        assertThat(mtime(fifo)).isEqualTo(1_700_000_000L);
    }
}
