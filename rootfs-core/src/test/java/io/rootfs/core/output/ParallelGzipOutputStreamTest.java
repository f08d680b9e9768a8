package io.rootfs.core.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParallelGzipOutputStreamTest {
    @TempDir
    Path tmp;

    static byte[] input() {
        // text-like data with repeats across block boundaries, so dictionaries matter
        StringBuilder s = new StringBuilder();
        Random r = new Random(42);
        while (s.length() < 1_000_000) {
            s.append("line ").append(r.nextInt(5000)).append(" of a file that repeats itself\n");
        }
        return s.toString().getBytes();
    }

    static byte[] gzip(byte[] data, int threads) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ParallelGzipOutputStream gz = new ParallelGzipOutputStream(out, 6, threads)) {
            for (int i = 0; i < data.length; i += 7919) { // odd chunk sizes across block ends
                gz.write(data, i, Math.min(7919, data.length - i));
            }
        }
        return out.toByteArray();
    }

    @Test
    void javaAndGzipReadWhatItWritesAndTheBytesDoNotDependOnThreads() throws Exception {
        byte[] data = input();
        byte[] one = gzip(data, 1);
        assertThat(gzip(data, 4)).isEqualTo(one);
        assertThat(new GZIPInputStream(new ByteArrayInputStream(one)).readAllBytes()).isEqualTo(data);
        Path file = Files.write(tmp.resolve("data.gz"), one);
        Process gunzip = new ProcessBuilder("gzip", "-dc", file.toString()).start();
        assertThat(gunzip.getInputStream().readAllBytes()).isEqualTo(data);
        assertThat(gunzip.waitFor()).isZero();
        assertThat(one.length).isLessThan(data.length / 3);
    }

    @Test
    void emptyInputIsAValidGzip() throws IOException {
        assertThat(new GZIPInputStream(new ByteArrayInputStream(gzip(new byte[0], 2))).readAllBytes()).isEmpty();
    }
}
