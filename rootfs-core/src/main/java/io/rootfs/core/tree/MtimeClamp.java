package io.rootfs.core.tree;

import io.rootfs.core.host.HostCommand;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * Sets every time later than SOURCE_DATE_EPOCH back to it, links included (never followed), so
 * the same inputs give the same tree to the byte, and so the same archives and images.
 */
public final class MtimeClamp {
    private MtimeClamp() {
    }

    /** Returns how many entries were changed. */
    public static int clamp(Path root, long epochSeconds) throws IOException {
        FileTime limit = FileTime.fromMillis(epochSeconds * 1000);
        int[] changed = {0};
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                set(file, attrs);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                // after its children: changing them does not touch the folder's own times
                set(dir, Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
                return FileVisitResult.CONTINUE;
            }

            private void set(Path p, BasicFileAttributes attrs) throws IOException {
                if (attrs.lastModifiedTime().compareTo(limit) > 0 || attrs.lastAccessTime().compareTo(limit) > 0) {
                    changed[0]++;
                    if (attrs.isOther()) {
                        touch(p, epochSeconds); // Java opens the file to set its times: never open a device
                        return;
                    }
                    FileTime m = min(attrs.lastModifiedTime(), limit);
                    Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                            .setTimes(m, min(attrs.lastAccessTime(), limit), null);
                }
            }
        });
        return changed[0];
    }

    /** Sets a special file's times without opening it (utimensat, as touch -h does). */
    private static void touch(Path p, long epochSeconds) throws IOException {
        HostCommand.run("touch", "-h", "-d", "@" + epochSeconds, "--", p.toString());
    }

    private static FileTime min(FileTime a, FileTime b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
