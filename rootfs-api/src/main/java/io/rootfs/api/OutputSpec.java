package io.rootfs.api;

import java.util.List;

/**
 * Which forms the finished guest is delivered in, and how: where the build goes once the tree is
 * built. Values are checked by the core, which names the parameter in its messages.
 *
 * @param formats           {@code directory}, {@code tar}, {@code initrd}, {@code image}, ... in the order given
 * @param tarCompression    {@code zstd}, {@code gzip} or {@code none}
 * @param initrdCompression {@code gzip} (what Kata's guest kernel reads) or {@code zstd}
 */
public record OutputSpec(List<String> formats, String tarCompression, String initrdCompression) {
    /** The folder only, as before outputs were chosen. */
    public static final OutputSpec DEFAULT = new OutputSpec(List.of("directory"), "zstd", "gzip");

    public OutputSpec {
        formats = List.copyOf(formats);
        tarCompression = tarCompression == null ? DEFAULT_TAR : tarCompression;
        initrdCompression = initrdCompression == null ? DEFAULT_INITRD : initrdCompression;
    }

    private static final String DEFAULT_TAR = "zstd";
    private static final String DEFAULT_INITRD = "gzip";

    public boolean has(String format) {
        return formats.contains(format);
    }
}
