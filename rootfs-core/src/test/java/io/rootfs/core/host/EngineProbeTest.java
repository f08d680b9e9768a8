package io.rootfs.core.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineProbeTest {
    @TempDir
    Path tmp;
    private ServerSocketChannel server;

    /** A FIXTURE endpoint on a unix socket that answers every request with {@code response}. */
    Path serve(String name, String response) throws IOException {
        Path socket = tmp.resolve(name);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread t = new Thread(() -> {
            try {
                while (true) {
                    try (SocketChannel c = server.accept()) {
                        c.read(ByteBuffer.allocate(1024));
                        c.write(ByteBuffer.wrap(response.getBytes(StandardCharsets.US_ASCII)));
                    }
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
        t.setDaemon(true);
        t.start();
        return socket;
    }

    @AfterEach
    void close() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void findsAnEngineThatAnswersTheDockerPing() throws IOException {
        Path socket = serve("podman.sock", "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nOK");
        EngineProbe probe = new EngineProbe(Map.of(), List.of(tmp.resolve("docker.sock").toString(), socket.toString()));
        Engine engine = probe.find().orElseThrow();
        assertThat(engine.host().toString()).isEqualTo("unix://" + socket);
        assertThat(engine.found()).isEqualTo("the Podman socket");
        assertThat(engine.remote()).isFalse();
        assertThat(probe.probed()).containsExactly("DOCKER_HOST (unset)",
                "unix://" + tmp.resolve("docker.sock") + " (no such socket)");
    }

    @Test
    void aSocketThatIsNotTheDockerApiIsPassedOver() throws IOException {
        Path socket = serve("docker.sock", "HTTP/1.0 404 Not Found\r\n\r\n");
        EngineProbe probe = new EngineProbe(Map.of(), List.of(socket.toString()));
        assertThat(probe.find()).isEmpty();
        assertThat(probe.probed()).contains("unix://" + socket + " (answered HTTP/1.0 404 Not Found, not the Docker API)");
    }

    @Test
    void anExplicitDockerHostIsTheOnlyOneTried() throws IOException {
        Path socket = serve("podman.sock", "HTTP/1.0 200 OK\r\n\r\nOK");
        EngineProbe probe = new EngineProbe(Map.of("DOCKER_HOST", "unix:///nonexistent/docker.sock"),
                List.of(socket.toString()));
        assertThatThrownBy(() -> probe.require("rootfs.backend=container"))
                .hasMessageStartingWith("No container engine answers, and rootfs.backend=container needs one. Probed:"
                        + " unix:///nonexistent/docker.sock (no such socket). Start one: Docker");
    }

    @Test
    void tcpEnginesAreRemoteAndOtherSchemesAreNamed() {
        assertThat(new Engine(java.net.URI.create("tcp://10.0.0.5:2375"), "DOCKER_HOST").remote()).isTrue();
        assertThat(EngineProbe.ping(java.net.URI.create("ssh://builder@host"))).isEqualTo(
                "scheme ssh is not supported (use unix:// or tcp://)");
        assertThat(EngineProbe.ping(java.net.URI.create("tcp://127.0.0.1:9"))).contains("Connection refused");
    }
}
