package io.rootfs.core.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootfs.core.tree.Manifest;
import io.rootfs.core.tree.RootfsTree;
import io.rootfs.core.tree.TreeEntry;
import io.rootfs.core.tree.TreeEntry.Type;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** What the output tests share: a guest tree as a build without root leaves it, and running the tools that check it. */
final class SampleGuest {
    static final long EPOCH = 1767225600L;

    private SampleGuest() {
    }

    /** Sets every entry's time to {@link #EPOCH}, links never followed. */
    static void clamp(Path root) throws IOException {
        try (var walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .setTimes(FileTime.fromMillis(EPOCH * 1000), null, null);
            }
        }
    }

    /**
     * The tree with what its builder recorded: every entry root's, each changed by {@code recorded}
     * (owners, modes), and a console device the disk does not hold.
     */
    static RootfsTree withRecorded(Path root, Function<TreeEntry, TreeEntry> recorded) throws IOException {
        List<TreeEntry> entries = new ArrayList<>();
        for (TreeEntry e : Manifest.scan(root).entries()) {
            entries.add(recorded.apply(e.withOwner(0, 0, e.mode())));
        }
        entries.add(new TreeEntry("dev/console", Type.CHAR_DEVICE, 0600, 0, 5, 5, 1, "", EPOCH, 0));
        return new RootfsTree(root, Manifest.scan(root).withRecorded(Manifest.of(entries)));
    }

    static String run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }
}
