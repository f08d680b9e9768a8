package io.rootfs.core.script;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * One run of the Kata driver over a distro folder: the variables it gets, where it works, and
 * what a failure message needs to name (the tree's folder for a full disk, the mirror).
 *
 * @param log     the file that keeps everything the scripts print
 * @param staging the tree being built
 * @param mirror  the mirror the scripts fetch from, or null
 * @param started told the script's process group once it runs (host backend)
 */
public record ScriptRun(Map<String, String> environment, Path workDir, Path log, Path staging,
        String mirror, LongConsumer started) {
    public ScriptRun {
        environment = Map.copyOf(environment);
    }
}
