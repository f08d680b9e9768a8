package io.rootfs.core.output;

import io.rootfs.core.tree.RootfsTree;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One form the finished guest is delivered in, written from the tree and its manifest (owners,
 * modes and devices come from the manifest, never from the files on disk), as files named after
 * the rootfs folder and placed beside it. The same tree gives the same bytes.
 */
public interface RootfsOutput {
    /** Its name in rootfs.formats. */
    String format();

    /** The files it writes, from the rootfs folder's name: {@code rootfs} gives {@code rootfs.tar.zst}. */
    List<String> fileNames(OutputContext context);

    /** Writes its files into {@code folder} (scratch space; they are moved into place once every output is written). */
    void write(RootfsTree tree, Path folder, OutputContext context) throws IOException;
}
