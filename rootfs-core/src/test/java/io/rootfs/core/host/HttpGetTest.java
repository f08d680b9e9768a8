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
    void aProxyThatAsksForCredentialsGetsThoseOfSettingsOnceAndNobodyElseDoes() throws IOException {
        // the FIXTURE origin: /private asks for credentials of its own (401), and says what it was sent
        java.util.List<String> originGot = new java.util.concurrent.CopyOnWriteArrayList<>();
        HttpServer origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        origin.createContext("/", exchange -> {
            originGot.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            if (exchange.getRequestURI().getPath().equals("/private")) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"origin\"");
                exchange.sendResponseHeaders(401, -1);
            } else {
                byte[] body = "from the origin".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        // the FIXTURE proxy: Basic credentials fixture-user / fixture-secret, then it relays the request (with its
        // Authorization header, and the answer's WWW-Authenticate)
        String expected = "Basic " + java.util.Base64.getEncoder().encodeToString(
                "fixture-user:fixture-secret".getBytes(StandardCharsets.UTF_8));
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        HttpServer proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        proxy.createContext("/", exchange -> {
            asked.incrementAndGet();
            if (!expected.equals(exchange.getRequestHeaders().getFirst("Proxy-Authorization"))) {
                exchange.getResponseHeaders().add("Proxy-Authenticate", "Basic realm=\"fixture\"");
                exchange.sendResponseHeaders(407, -1);
                exchange.close();
                return;
            }
            HttpURLConnection relay = (HttpURLConnection) exchange.getRequestURI().toURL()
                    .openConnection(java.net.Proxy.NO_PROXY);
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization != null) {
                relay.setRequestProperty("Authorization", authorization);
            }
            int code = relay.getResponseCode();
            byte[] body;
            try (InputStream in = code < 400 ? relay.getInputStream() : relay.getErrorStream()) {
                body = in == null ? new byte[0] : in.readAllBytes();
            }
            if (relay.getHeaderField("WWW-Authenticate") != null) {
                exchange.getResponseHeaders().add("WWW-Authenticate", relay.getHeaderField("WWW-Authenticate"));
            }
            exchange.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        origin.start();
        proxy.start();
        try {
            String base = "http://127.0.0.1:" + origin.getAddress().getPort();
            URI uri = URI.create(base + "/file");
            int port = proxy.getAddress().getPort();
            java.util.function.Function<String, java.util.function.Function<URI, java.net.Proxy>> as = password -> u ->
                    ProxyRoute.of(u, java.util.List.of(new io.rootfs.api.Proxy("http", "127.0.0.1", port,
                            password == null ? null : "fixture-user", password, null)));
            HttpURLConnection c = HttpGet.open(uri, as.apply("fixture-secret"), SECONDS, SECONDS);
            assertThat(c.getResponseCode()).isEqualTo(200);
            try (InputStream in = c.getInputStream()) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("from the origin");
            }
            // the origin asks for credentials of its own: the proxy's are not given to it
            assertThat(HttpGet.open(URI.create(base + "/private"), as.apply("fixture-secret"), SECONDS, SECONDS)
                    .getResponseCode()).isEqualTo(401);
            assertThat(originGot).containsExactly("null", "null");
            // a password the proxy refuses is offered once, not again and again
            asked.set(0);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> HttpGet.open(uri, as.apply("wrong"), SECONDS, SECONDS))
                    .isInstanceOf(IOException.class).hasMessage("the proxy 127.0.0.1:" + port + " (user fixture-user)"
                            + " refused the user name and password settings.xml gives it (HTTP 407 for " + uri + ")");
            assertThat(asked.get()).isEqualTo(2); // without credentials, then with them
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> HttpGet.open(uri, as.apply(null), SECONDS, SECONDS))
                    .isInstanceOf(IOException.class).hasMessage("the proxy 127.0.0.1:" + port + " asks for a user name"
                            + " and password, and settings.xml gives it none (HTTP 407 for " + uri + ")");
        } finally {
            proxy.stop(0);
            origin.stop(0);
        }
    }

    @Test
    void httpsPassesAProxyWithCredentialsByUnlessBasicMayGoThroughItsTunnel() {
        java.util.List<io.rootfs.api.Proxy> proxies = java.util.List.of(
                new io.rootfs.api.Proxy("http", "proxy.invalid", 3128, "fixture-user", "fixture-secret", null));
        String property = "jdk.http.auth.tunneling.disabledSchemes";
        String before = System.getProperty(property);
        try {
            System.clearProperty(property);
            assertThat(ProxyRoute.of(URI.create("https://mirror.invalid/x"), proxies)).isEqualTo(java.net.Proxy.NO_PROXY);
            assertThat(ProxyRoute.of(URI.create("http://mirror.invalid/x"), proxies))
                    .isInstanceOf(ProxyRoute.WithCredentials.class);
            System.setProperty(property, "");
            assertThat(ProxyRoute.of(URI.create("https://mirror.invalid/x"), proxies))
                    .isInstanceOf(ProxyRoute.WithCredentials.class).hasToString("proxy proxy.invalid:3128 (user fixture-user)");
        } finally {
            if (before == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, before);
            }
        }
    }

    @Test
    void onlyHttpAndHttpsAreRequested() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HttpGet.open(URI.create("file:///etc/passwd"),
                u -> java.net.Proxy.NO_PROXY, SECONDS, SECONDS)).isInstanceOf(java.net.MalformedURLException.class)
                .hasMessageContaining("no http or https URL");
    }
}
