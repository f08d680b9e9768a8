package io.rootfs.plugin;

import io.rootfs.api.BuildLog;
import java.util.function.Consumer;
import org.apache.maven.plugin.logging.Log;

/**
 * The engine's log, written to Maven's. Under {@code mvn -T}, modules build side by side and their
 * lines interleave: each line then starts with its module's {@code [artifactId]}.
 *
 * <p>A line never fails the caller: Maven's console (Jansi) parses the colour codes of what two
 * threads write at once as one stream, and can throw when a line of the interrupt clean-up meets
 * one of the build's; the clean-up must go on, so such a line goes to standard error plainly.
 */
record MavenBuildLog(Log log, String tag) implements BuildLog {
    @Override
    public void info(String line) {
        write(log::info, "INFO", line);
    }

    @Override
    public void warn(String line) {
        write(log::warn, "WARNING", line);
    }

    @Override
    public void debug(String line) {
        if (log.isDebugEnabled()) {
            write(log::debug, "DEBUG", line);
        }
    }

    private void write(Consumer<CharSequence> to, String level, String line) {
        try {
            to.accept(tag + line);
        } catch (RuntimeException console) {
            try {
                System.err.println("[" + level + "] " + tag + line);
            } catch (RuntimeException alsoWrapped) {
                // standard error goes through the same console: the line is lost, the caller goes on
            }
        }
    }
}
