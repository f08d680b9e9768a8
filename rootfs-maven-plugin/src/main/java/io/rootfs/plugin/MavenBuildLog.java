package io.rootfs.plugin;

import io.rootfs.api.BuildLog;
import org.apache.maven.plugin.logging.Log;

/** The engine's log, written to Maven's. */
record MavenBuildLog(Log log) implements BuildLog {
    @Override
    public void info(String line) {
        log.info(line);
    }

    @Override
    public void warn(String line) {
        log.warn(line);
    }

    @Override
    public void debug(String line) {
        log.debug(line);
    }
}
