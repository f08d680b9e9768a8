package io.rootfs.core.host;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.function.Function;

/**
 * A GET over {@link HttpURLConnection}, not java.net.http: a fresh JVM (a Maven run) sets
 * java.net.http's client up and makes its first request in 0.4 s, HttpURLConnection in 0.06 s
 * (measured here, 2026-11-29), and every native build starts with such a request. Connections
 * are kept alive between requests to the same mirror. Redirects are followed as java.net.http's
 * {@code Redirect.NORMAL} follows them: up to five, never from https to http.
 */
public final class HttpGet {
    private static final int MAX_REDIRECTS = 5;
    private static final java.util.Set<Integer> REDIRECTS = java.util.Set.of(301, 302, 303, 307, 308);
    /** The JDK's word for a proxy that would not open a tunnel without credentials: "Proxy returns "HTTP/1.1 407 ..."". */
    private static final java.util.regex.Pattern TUNNEL_407 = java.util.regex.Pattern.compile("HTTP/\\S+ 407\\b");

    private HttpGet() {
    }

    /**
     * The answer to a GET of {@code uri}: the status is read, the body not yet. A read that waits
     * longer than {@code stall} for data (headers or body) fails with a
     * {@link java.net.SocketTimeoutException}.
     *
     * @param proxy the proxy for each URI requested (a redirect may lead to another host)
     */
    public static HttpURLConnection open(URI uri, Function<URI, java.net.Proxy> proxy, Duration connect, Duration stall)
            throws IOException {
        if (!web(uri)) {
            throw new java.net.MalformedURLException(uri + " is no http or https URL");
        }
        URI at = uri;
        for (int hop = 0;; hop++) {
            java.net.Proxy route = proxy.apply(at);
            HttpURLConnection c = (HttpURLConnection) at.toURL().openConnection(route);
            c.setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connect.toMillis()));
            c.setReadTimeout((int) Math.min(Integer.MAX_VALUE, stall.toMillis()));
            c.setInstanceFollowRedirects(false);
            c.setUseCaches(false);
            if (route instanceof ProxyRoute.WithCredentials withCredentials) {
                c.setAuthenticator(withCredentials.forRequest());
            }
            int code = proxyAnswered(c, route, at);
            URI next = REDIRECTS.contains(code) && hop < MAX_REDIRECTS ? redirect(at, c) : null;
            if (next == null) {
                return c;
            }
            discard(c);
            at = next;
        }
    }

    /**
     * The status of the answer; a proxy that still asks for credentials (407, or a tunnel it would not open) is an
     * {@link IOException} that says what to do.
     */
    private static int proxyAnswered(HttpURLConnection c, java.net.Proxy route, URI at) throws IOException {
        int code;
        try {
            code = c.getResponseCode();
        } catch (IOException e) {
            if (route.type() == java.net.Proxy.Type.HTTP && TUNNEL_407.matcher(String.valueOf(e.getMessage())).find()) {
                // an https request: the proxy would not open its tunnel
                throw new IOException(refused(route) + " (" + e.getMessage() + ")", e);
            }
            throw e;
        }
        if (code == 407 && route.type() == java.net.Proxy.Type.HTTP) {
            discard(c);
            throw new IOException(refused(route) + " (HTTP 407 for " + at + ")");
        }
        return code;
    }

    /** What a proxy that still asks for credentials did. */
    private static String refused(java.net.Proxy route) {
        return route instanceof ProxyRoute.WithCredentials ? "the " + route + " refused the user name and password"
                + " settings.xml gives it" : "the proxy " + ProxyRoute.address(route) + " asks for a user name and password,"
                        + " and settings.xml gives it none";
    }

    /** Reads and closes what is left of an answer that is not used, so its connection is kept for the next request. */
    public static void discard(HttpURLConnection c) {
        try (InputStream in = c.getResponseCode() < 400 ? c.getInputStream() : c.getErrorStream()) {
            if (in != null) {
                in.readNBytes(1 << 16);
            }
        } catch (IOException e) {
            c.disconnect();
        }
    }

    private static boolean web(URI uri) {
        return "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
    }

    private static URI redirect(URI from, HttpURLConnection c) {
        String location = c.getHeaderField("Location");
        if (location == null) {
            return null;
        }
        try {
            URI to = from.resolve(location);
            boolean downgrade = "https".equalsIgnoreCase(from.getScheme()) && "http".equalsIgnoreCase(to.getScheme());
            return web(to) && !downgrade ? to : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
