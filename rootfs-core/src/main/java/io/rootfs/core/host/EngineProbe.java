package io.rootfs.core.host;

import io.rootfs.core.RootfsException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Finds a container engine the way the Docker CLI and Testcontainers do, plus Podman's sockets:
 * DOCKER_HOST when set, else the default Docker sockets, else Podman's. Each candidate must answer
 * the Docker API's {@code /_ping} within a few seconds; what was tried is kept for the error.
 */
public final class EngineProbe {
    private static final int TIMEOUT_MS = 3000;

    private final Map<String, String> env;
    private final List<String> systemSockets;
    private final List<String> probed = new ArrayList<>();

    /** @param env this machine's environment (DOCKER_HOST, XDG_RUNTIME_DIR) */
    public EngineProbe(Map<String, String> env) {
        this(env, List.of("/var/run/docker.sock", "/run/podman/podman.sock"));
    }

    /** @param systemSockets Docker's and Podman's system-wide sockets, in the order to try them */
    EngineProbe(Map<String, String> env, List<String> systemSockets) {
        this.env = env;
        this.systemSockets = List.copyOf(systemSockets);
    }

    public Optional<Engine> find() {
        String dockerHost = env.get("DOCKER_HOST");
        if (dockerHost != null && !dockerHost.isBlank()) {
            // an explicit DOCKER_HOST is the user's choice: no falling back to another engine
            return answer(URI.create(dockerHost.trim()), "DOCKER_HOST");
        }
        probed.add("DOCKER_HOST (unset)");
        List<String> sockets = new ArrayList<>(systemSockets.subList(0, 1));
        String runtime = env.get("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank()) {
            sockets.add(runtime + "/docker.sock");
            sockets.add(runtime + "/podman/podman.sock");
        }
        sockets.addAll(systemSockets.subList(1, systemSockets.size()));
        for (String socket : sockets) {
            String found = socket.contains("podman") ? "the Podman socket" : "the Docker socket";
            Optional<Engine> engine = answer(URI.create("unix://" + socket), found);
            if (engine.isPresent()) {
                return engine;
            }
        }
        return Optional.empty();
    }

    /** The engine, or a failure that lists what was probed and how to get an engine. */
    public Engine require(String why) {
        return find().orElseThrow(() -> RootfsException.environment("No container engine answers, and " + why
                + " needs one. Probed: " + String.join("; ", probed) + ". Start one: Docker (systemctl start docker)"
                + " or Podman's Docker API (podman system service --time=0 unix:///run/podman/podman.sock &, then"
                + " export DOCKER_HOST=unix:///run/podman/podman.sock), or build on this machine with"
                + " -Drootfs.backend=host."));
    }

    /** What was tried and what each answered, in order. */
    public List<String> probed() {
        return List.copyOf(probed);
    }

    private Optional<Engine> answer(URI host, String found) {
        String problem = ping(host);
        if (problem == null) {
            return Optional.of(new Engine(host, found));
        }
        probed.add(host + " (" + problem + ")");
        return Optional.empty();
    }

    /** Null when the endpoint answers {@code OK} to {@code /_ping}, else what went wrong. */
    static String ping(URI host) {
        String request = "GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n";
        try {
            return switch (host.getScheme()) {
                case "unix" -> {
                    Path socket = Path.of(host.getPath());
                    if (!Files.exists(socket)) {
                        yield "no such socket";
                    }
                    yield CompletableFuture.supplyAsync(() -> unixPing(socket, request))
                            .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
                }
                case "tcp", "http" -> tcpPing(host, request);
                default -> "scheme " + host.getScheme() + " is not supported (use unix:// or tcp://)";
            };
        } catch (java.util.concurrent.TimeoutException e) {
            return "no answer within " + TIMEOUT_MS / 1000 + " s";
        } catch (Exception e) {
            return String.valueOf(e.getMessage());
        }
    }

    private static String unixPing(Path socket, String request) {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            while (channel.read(buffer) >= 0 && buffer.hasRemaining()) {
                // read to the end: HTTP/1.0 closes after the answer
            }
            return verdict(new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }

    private static String tcpPing(URI host, String request) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host.getHost(), host.getPort() < 0 ? 2375 : host.getPort()), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return verdict(new String(in.readNBytes(4096), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }

    private static String verdict(String response) {
        if (response.startsWith("HTTP/") && response.contains(" 200 ") && response.strip().endsWith("OK")) {
            return null;
        }
        String status = response.lines().findFirst().orElse("");
        return status.isEmpty() ? "no answer" : "answered " + status + ", not the Docker API";
    }
}
