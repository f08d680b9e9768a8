package io.rootfs.core.output;

import com.github.luben.zstd.ZstdOutputStream;
import io.rootfs.core.RootfsException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/** How an archive output is compressed; each way gives the same bytes for the same input. */
public enum Compression {
    /** gzip level 6 on every core: what Kata's guest kernel unpacks an initrd from (CONFIG_RD_GZIP). */
    GZIP("gzip", ".gz"),
    /** zstd level 3 on one thread (zstd's own threads would make the bytes depend on the machine). */
    ZSTD("zstd", ".zst"),
    NONE("none", "");

    private final String name;
    private final String suffix;

    Compression(String name, String suffix) {
        this.name = name;
        this.suffix = suffix;
    }

    public String suffix() {
        return suffix;
    }

    /** @param parameter the parameter the value came from, for the message */
    public static Compression parse(String parameter, String value, List<Compression> accepted) {
        for (Compression c : accepted) {
            if (c.name.equalsIgnoreCase(value.trim())) {
                return c;
            }
        }
        throw RootfsException.input(parameter + "=" + value + " is not a compression this output takes. Accepted: "
                + String.join(", ", accepted.stream().map(c -> c.name).toList()) + ".");
    }

    public OutputStream wrap(OutputStream out) throws IOException {
        return switch (this) {
            case GZIP -> new ParallelGzipOutputStream(out, 6);
            case ZSTD -> new ZstdOutputStream(out, 3).setChecksum(true);
            case NONE -> out;
        };
    }

    @Override
    public String toString() {
        return name;
    }
}
