package io.rootfs.core.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** GETs against a FIXTURE server on the loopback: redirects followed as java.net.http's NORMAL follows them. */
class HttpGetTest {
    private static final Duration SECONDS = Duration.ofSeconds(5);

    @Test
    void redirectsAreFollowedAFewTimesAndNeverToAnotherKindOfUrl() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String location = switch (path) {
                case "/moved" -> "/there";
                case "/loop" -> "/loop";
                case "/to-file" -> "file:///etc/passwd";
                default -> null;
            };
            if (location != null) {
                exchange.getResponseHeaders().add("Location", location);
                exchange.sendResponseHeaders(302, -1);
            } else {
                byte[] body = ("at " + path).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            HttpURLConnection moved = HttpGet.open(URI.create(base + "/moved"), u -> java.net.Proxy.NO_PROXY, SECONDS,
                    SECONDS);
            assertThat(moved.getResponseCode()).isEqualTo(200);
            try (InputStream in = moved.getInputStream()) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("at /there");
            }
            // a redirect without end stops at the sixth answer, which is told as it is
            assertThat(HttpGet.open(URI.create(base + "/loop"), u -> java.net.Proxy.NO_PROXY, SECONDS, SECONDS)
                    .getResponseCode()).isEqualTo(302);
            // only http and https are followed
            assertThat(HttpGet.open(URI.create(base + "/to-file"), u -> java.net.Proxy.NO_PROXY, SECONDS, SECONDS)
                    .getResponseCode()).isEqualTo(302);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void onlyHttpAndHttpsAreRequested() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HttpGet.open(URI.create("file:///etc/passwd"),
                u -> java.net.Proxy.NO_PROXY, SECONDS, SECONDS)).isInstanceOf(java.net.MalformedURLException.class)
                .hasMessageContaining("no http or https URL");
    }
}
