package io.rootfs.core.build;

import java.nio.file.Path;
import java.util.Map;

/** One run of the Kata driver over a distro folder: the variables it gets and where it works. */
public record ScriptRun(Map<String, String> environment, Path workDir, Path report) {
    public ScriptRun {
        environment = Map.copyOf(environment);
    }
}
