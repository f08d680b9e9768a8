package io.rootfs.core.host;

import java.net.URI;

/**
 * A container engine that answered: Docker, or Podman serving the Docker API.
 *
 * @param host  the Docker API endpoint, e.g. {@code unix:///run/podman/podman.sock}
 * @param found how it was found, for the log ("DOCKER_HOST", "the Podman socket")
 */
public record Engine(URI host, String found) {
    /** Whether the engine runs elsewhere, so that this machine's folders cannot be mounted into containers. */
    public boolean remote() {
        return !"unix".equals(host.getScheme());
    }

    @Override
    public String toString() {
        return host + ", from " + found;
    }
}
