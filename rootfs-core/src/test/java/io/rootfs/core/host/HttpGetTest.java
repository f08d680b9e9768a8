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
    void aProxyThatAsksForCredentialsGetsThoseOfSettingsAndNobodyElseDoes() throws IOException {
        java.util.List<String> originSaw = new java.util.concurrent.CopyOnWriteArrayList<>();
        HttpServer origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        origin.createContext("/", exchange -> {
            originSaw.add(String.valueOf(exchange.getRequestHeaders().getFirst("Proxy-Authorization")));
            byte[] body = "from the origin".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        // the FIXTURE proxy: Basic credentials fixture-user / fixture-secret, then it relays the request
        String expected = "Basic " + java.util.Base64.getEncoder().encodeToString(
                "fixture-user:fixture-secret".getBytes(StandardCharsets.UTF_8));
        HttpServer proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        proxy.createContext("/", exchange -> {
            if (!expected.equals(exchange.getRequestHeaders().getFirst("Proxy-Authorization"))) {
                exchange.getResponseHeaders().add("Proxy-Authenticate", "Basic realm=\"fixture\"");
                exchange.sendResponseHeaders(407, -1);
                exchange.close();
                return;
            }
            HttpURLConnection relay = (HttpURLConnection) exchange.getRequestURI().toURL()
                    .openConnection(java.net.Proxy.NO_PROXY);
            byte[] body;
            try (InputStream in = relay.getInputStream()) {
                body = in.readAllBytes();
            }
            exchange.sendResponseHeaders(relay.getResponseCode(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        origin.start();
        proxy.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + origin.getAddress().getPort() + "/file");
            int port = proxy.getAddress().getPort();
            HttpURLConnection c = HttpGet.open(uri, u -> ProxyRoute.of(u, java.util.List.of(new io.rootfs.api.Proxy("http",
                    "127.0.0.1", port, "fixture-user", "fixture-secret", null))), SECONDS, SECONDS);
            assertThat(c.getResponseCode()).isEqualTo(200);
            try (InputStream in = c.getInputStream()) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("from the origin");
            }
            assertThat(originSaw).containsExactly("null"); // the credentials went to the proxy only
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> HttpGet.open(uri, u -> ProxyRoute.of(u,
                    java.util.List.of(new io.rootfs.api.Proxy("http", "127.0.0.1", port, "fixture-user", "wrong", null))),
                    SECONDS, SECONDS)).isInstanceOf(IOException.class).hasMessage("the proxy 127.0.0.1:" + port
                            + " (user fixture-user) refused the user name and password settings.xml gives it (HTTP 407"
                            + " for " + uri + ")");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> HttpGet.open(uri, u -> ProxyRoute.of(u,
                    java.util.List.of(new io.rootfs.api.Proxy("http", "127.0.0.1", port, null, null, null))),
                    SECONDS, SECONDS)).isInstanceOf(IOException.class).hasMessage("the proxy 127.0.0.1:" + port
                            + " asks for a user name and password, and settings.xml gives it none (HTTP 407 for " + uri
                            + ")");
            assertThat(originSaw).hasSize(1);
        } finally {
            proxy.stop(0);
            origin.stop(0);
        }
    }

    @Test
    void onlyHttpAndHttpsAreRequested() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HttpGet.open(URI.create("file:///etc/passwd"),
                u -> java.net.Proxy.NO_PROXY, SECONDS, SECONDS)).isInstanceOf(java.net.MalformedURLException.class)
                .hasMessageContaining("no http or https URL");
    }
}
