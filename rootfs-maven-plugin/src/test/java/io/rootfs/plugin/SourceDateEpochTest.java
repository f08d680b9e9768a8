package io.rootfs.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rootfs.testkit.RecordingLog;
import org.junit.jupiter.api.Test;

class SourceDateEpochTest {
    final RecordingLog log = new RecordingLog();

    @Test
    void environmentWinsThenOutputTimestampInEitherFormThenTheEpoch() {
        assertThat(SourceDateEpoch.of("1700000000", "2026-01-01T00:00:00Z", log)).isEqualTo(1700000000L);
        assertThat(SourceDateEpoch.of(null, "2026-01-01T00:00:00Z", log)).isEqualTo(1767225600L);
        assertThat(SourceDateEpoch.of("", "1767225600", log)).isEqualTo(1767225600L);
        assertThat(log.lines).isEmpty();
        assertThat(SourceDateEpoch.of(null, "${project.build.outputTimestamp}", log)).isZero();
        assertThat(log.lines).singleElement().asString().contains("timestamps are the epoch");
    }

    @Test
    void badValuesAreRefusedWithTheirName() {
        assertThatThrownBy(() -> SourceDateEpoch.of("yesterday", null, log))
                .hasMessage("SOURCE_DATE_EPOCH=yesterday is not a number of seconds.");
        assertThatThrownBy(() -> SourceDateEpoch.of(null, "01/01/2026", log))
                .hasMessageStartingWith("project.build.outputTimestamp=01/01/2026 is neither seconds nor an ISO date");
    }
}
