package io.rootfs.nativedeb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rootfs.core.output.Digests;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** A FIXTURE Packages file read as it arrives, in small reads, in parts far smaller than a real one's. */
class StreamedIndexTest {
    private static final Executor THREAD = task -> new Thread(task, "test-reader").start();
    private static final String FILE = "main/binary-amd64/Packages";

    /** N entries, every third providing a virtual name, one with a description longer than a part. */
    private static byte[] packages(int n) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < n; i++) {
            text.append("Package: p").append(i).append("\nVersion: 1.").append(i).append("-1\nArchitecture: ")
                    .append(i % 5 == 0 ? "all" : "amd64").append('\n');
            if (i % 3 == 0) {
                text.append("Provides: virtual-").append(i % 4).append('\n');
            }
            if (i == 7) {
                text.append("Essential: yes\nPriority: required\n");
            }
            text.append("Filename: pool/p").append(i).append(".deb\nSize: 10\nSHA256: ").append("a".repeat(64))
                    .append("\nDescription: p").append(i).append('\n');
            int lines = i == 40 ? 200 : 2;
            for (int l = 0; l < lines; l++) {
                text.append(" a line of the description\n");
            }
            text.append('\n');
        }
        text.append("Package: armonly\nVersion: 1\nArchitecture: arm64\n\n");
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The bytes in reads of 1 to 300 bytes, as a network gives them. */
    private static InputStream trickle(byte[] bytes) {
        Random random = new Random(7);
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + random.nextInt(300)));
            }
        };
    }

    @Test
    void theEntriesReadAsTheyArriveAreTheOnesTheWholeFileGives() throws IOException {
        byte[] bytes = packages(300);
        sameAsWhole(bytes, trickle(bytes), THREAD, 300);
        // all in before the reader starts: the reading thread then sums up the second half itself
        sameAsWhole(bytes, new ByteArrayInputStream(bytes), task -> new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            task.run();
        }).start(), 300);
    }

    private static void sameAsWhole(byte[] bytes, InputStream in, Executor executor, int entries) throws IOException {
        PackageIndex whole = new PackageIndex("amd64");
        whole.addPart(PackageIndex.parse(java.nio.ByteBuffer.wrap(bytes), 0, "amd64", FILE));

        PackageIndex index = new PackageIndex("amd64");
        PackageIndex staged = index.staging();
        StreamedIndex.Read read = StreamedIndex.read(in, bytes.length, staged, FILE, executor, () -> {
        }, 1024);
        assertThat(index.size()).as("nothing counts before it is added").isZero();
        index.addAll(staged);

        assertThat(read.length()).isEqualTo(bytes.length);
        assertThat(read.sha256()).isEqualTo(Digests.sha256(bytes));
        assertThat(index.size()).isEqualTo(whole.size()).isEqualTo(entries);
        for (int i = 0; i < entries; i++) {
            assertThat(index.candidate("p" + i).orElseThrow().version().toString()).isEqualTo("1." + i + "-1");
        }
        PackageIndex.Located p40 = index.located(index.candidate("p40").orElseThrow()).orElseThrow();
        assertThat(p40.end() - p40.start()).as("an entry longer than a part").isGreaterThan(1024);
        assertThat(index.essential()).extracting(DebPackage::name).containsExactly("p7");
        for (int v = 0; v < 4; v++) {
            assertThat(index.providers("virtual-" + v)).extracting(p -> p.pkg().name())
                    .isEqualTo(whole.providers("virtual-" + v).stream().map(p -> p.pkg().name()).toList())
                    .isNotEmpty();
        }
        assertThat(index.candidate("armonly")).isEmpty();
        // each entry is where the whole file has it
        String late = "p" + (entries - 10);
        DebPackage p = index.candidate(late).orElseThrow();
        assertThat(index.located(p).orElseThrow().start()).isEqualTo(whole.located(whole.candidate(late)
                .orElseThrow()).orElseThrow().start());
    }

    @Test
    void aFileWithoutAnEmptyLineBetweenItsEntriesIsReadWholeAtTheEnd() throws IOException {
        // CRLF line ends: no "\n\n" to cut at, so nothing is summed up before the last byte
        byte[] bytes = new String(packages(60), StandardCharsets.UTF_8).replace("\n", "\r\n")
                .getBytes(StandardCharsets.UTF_8);
        sameAsWhole(bytes, trickle(bytes), THREAD, 60);
    }

    @Test
    void aShorterStreamGivesAnotherHashAndALongerOneIsRefused() throws IOException {
        byte[] bytes = packages(50);
        StreamedIndex.Read shorter = StreamedIndex.read(new ByteArrayInputStream(bytes, 0, bytes.length - 100),
                bytes.length, new PackageIndex("amd64").staging(), FILE, THREAD, () -> {
                }, 512);
        assertThat(shorter.length()).isEqualTo(bytes.length - 100);
        assertThat(shorter.sha256()).isNotEqualTo(Digests.sha256(bytes));

        assertThatThrownBy(() -> StreamedIndex.read(trickle(bytes), bytes.length - 1, new PackageIndex("amd64").staging(),
                FILE, THREAD, () -> {
                }, 512)).isInstanceOf(IOException.class).hasMessageContaining("more than the " + (bytes.length - 1));
    }

    @Test
    void aMalformedEntryIsToldWithTheFileAndWhereItLies() {
        byte[] good = packages(100);
        byte[] bytes = (new String(good, StandardCharsets.UTF_8) + "Package: late\nArchitecture: all\n\n")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> StreamedIndex.read(trickle(bytes), bytes.length, new PackageIndex("amd64").staging(),
                FILE, THREAD, () -> {
                }, 512)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(FILE + ": the entry at byte " + good.length + " lacks its Version field");
    }

    @Test
    void whatTheCheckpointThrowsStopsTheReading() {
        byte[] bytes = packages(100);
        int[] reads = {0};
        assertThatThrownBy(() -> StreamedIndex.read(trickle(bytes), bytes.length, new PackageIndex("amd64").staging(),
                FILE, THREAD, () -> {
                    if (++reads[0] == 3) {
                        throw new IllegalStateException("the check failed");
                    }
                }, 512)).hasMessage("the check failed");
        assertThat(reads[0]).isEqualTo(3);
    }
}
