package io.rootfs.plugin;

import static org.assertj.core.api.Assertions.assertThatCode;

import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;

class MavenBuildLogTest {
    /** Maven's console as it failed under test-hostile: Jansi's colour parser throwing on interleaved lines. */
    static final class BrokenConsole extends SystemStreamLog {
        @Override
        public void warn(CharSequence content) {
            throw new NumberFormatException("For input string: \"0m\"");
        }

        @Override
        public void info(CharSequence content) {
            throw new NumberFormatException("For input string: \"0m\"");
        }
    }

    @Test
    void aLineTheConsoleCannotTakeDoesNotFailTheCaller() {
        MavenBuildLog log = new MavenBuildLog(new BrokenConsole(), "");
        assertThatCode(() -> log.warn("Interrupted: stopping the build")).doesNotThrowAnyException();
        assertThatCode(() -> log.info("Stage output")).doesNotThrowAnyException();
    }
}
