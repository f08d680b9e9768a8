package io.rootfs.plugin;

import io.rootfs.api.BuildLog;
import org.apache.maven.plugin.logging.Log;

/**
 * The engine's log, written to Maven's. Under {@code mvn -T}, modules build side by side and their
 * lines interleave: each line then starts with its module's {@code [artifactId]}.
 */
record MavenBuildLog(Log log, String tag) implements BuildLog {
    @Override
    public void info(String line) {
        log.info(tag + line);
    }

    @Override
    public void warn(String line) {
        log.warn(tag + line);
    }

    @Override
    public void debug(String line) {
        log.debug(tag + line);
    }
}
