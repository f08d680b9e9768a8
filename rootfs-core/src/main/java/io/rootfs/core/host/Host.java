package io.rootfs.core.host;

import java.nio.file.Path;
import java.util.Map;

/**
 * The machine a build runs on: its programs and user, its apt sources, its environment and home.
 * Tests give a different one to probe what a machine lacking something would do.
 */
public record Host(HostProbe probe, HostAptSources apt, Map<String, String> env, Path home) {
    public Host {
        env = Map.copyOf(env);
    }

    public static Host current() {
        return new Host(new HostProbe(), new HostAptSources(), System.getenv(), Path.of(System.getProperty("user.home")));
    }
}
