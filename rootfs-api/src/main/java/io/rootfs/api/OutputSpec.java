package io.rootfs.api;

import java.util.List;

/**
 * Which forms the finished guest is delivered in, and how: where the build goes once the tree is
 * built. Values are checked by the core, which names the parameter in its messages.
 *
 * @param formats           {@code directory}, {@code tar}, {@code initrd}, {@code image}, in any combination
 * @param tarCompression    {@code zstd}, {@code gzip} or {@code none}
 * @param initrdCompression {@code gzip} (what Kata's guest kernel reads) or {@code zstd}
 * @param imageFs           the image's file system: {@code ext4}, {@code xfs} or {@code erofs}
 * @param imageDax          whether the image starts with Kata's DAX/NVDIMM header
 * @param imageFreeSpaceMiB free space added to the image's file system, in MiB
 * @param imageVerity       whether the image carries a dm-verity hash tree (Kata's measured rootfs)
 */
public record OutputSpec(List<String> formats, String tarCompression, String initrdCompression, String imageFs,
        boolean imageDax, int imageFreeSpaceMiB, boolean imageVerity) {
    /** The folder only, as before outputs were chosen. */
    public static final OutputSpec DEFAULT = new OutputSpec(List.of("directory"), null, null, null, true, 0, false);

    public OutputSpec {
        formats = List.copyOf(formats);
        tarCompression = tarCompression == null ? "zstd" : tarCompression;
        initrdCompression = initrdCompression == null ? "gzip" : initrdCompression;
        imageFs = imageFs == null ? "ext4" : imageFs;
    }

    public boolean has(String format) {
        return formats.contains(format);
    }
}
