package io.rootfs.core.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real process groups started the way the host backend starts its script. */
class ProcessGroupTest {
    @TempDir
    Path tmp;

    Process start(String script) throws IOException {
        List<String> command = new ArrayList<>(ProcessGroup.leader());
        command.addAll(List.of("bash", "-c", script));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(tmp.resolve("out").toFile()).start();
    }

    @Test
    void aGroupThatHandlesTermEndsWithinTheGrace() throws Exception {
        Path cleaned = tmp.resolve("cleaned");
        Process p = start("trap 'touch " + cleaned + "; exit 143' TERM; sleep 300 & child=$!; wait $child");
        ProcessGroup group = new ProcessGroup(p.pid());
        waitUntil(() -> children(p) > 0);
        assertThat(group.alive()).isTrue();
        assertThat(group.leaderRuns("sleep 300")).isTrue();
        assertThat(group.stop(Duration.ofSeconds(20))).isTrue();
        assertThat(group.alive()).as("the sleep child got the signal too").isFalse();
        assertThat(cleaned).exists();
    }

    @Test
    void aGroupThatIgnoresTermIsKilledAfterTheGrace() throws Exception {
        Process p = start("trap '' TERM; sleep 300 & wait; sleep 300");
        ProcessGroup group = new ProcessGroup(p.pid());
        waitUntil(() -> children(p) > 0);
        long start = System.nanoTime();
        assertThat(group.stop(Duration.ofSeconds(1))).isFalse();
        waitUntil(() -> !group.alive());
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(10);
    }

    private static long children(Process p) {
        return p.toHandle().children().count();
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 100 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }
}
