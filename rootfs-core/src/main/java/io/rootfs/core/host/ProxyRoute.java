package io.rootfs.core.host;

import io.rootfs.api.Proxy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;

/**
 * Which of Maven's proxies (settings.xml) a request from the JVM goes through: the first one
 * whose {@code nonProxyHosts} does not name the host, else none. A proxy with a user name is a
 * {@link WithCredentials}: {@link HttpGet} answers its 407 with them, once per request (the distro
 * scripts get them in their proxy variables). An https request goes through a proxy's tunnel, where
 * the JDK sends no Basic credentials unless Maven runs with
 * {@code -Djdk.http.auth.tunneling.disabledSchemes=} (without Basic): without that, a proxy with
 * credentials is passed by for https requests, which go direct, as the JVM's requests always did.
 */
public final class ProxyRoute {
    /** One authenticator per proxy and user: the JDK keeps a connection alive, and its credentials, per authenticator. */
    private static final java.util.Map<List<Object>, OncePerRequest> AUTHENTICATORS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private ProxyRoute() {
    }

    /** The proxy for {@code uri}, or {@link java.net.Proxy#NO_PROXY}. */
    public static java.net.Proxy of(URI uri, List<Proxy> proxies) {
        boolean tunnel = "https".equalsIgnoreCase(uri.getScheme());
        return proxies.stream().filter(p -> !bypassed(uri.getHost(), p.nonProxyHosts()))
                .filter(p -> !tunnel || !credentialed(p) || basicThroughTunnels()).findFirst()
                .map(p -> credentialed(p)
                        ? new WithCredentials(new InetSocketAddress(p.host(), p.port()), p.username(),
                                p.password() == null ? "" : p.password())
                        : new java.net.Proxy(java.net.Proxy.Type.HTTP, new InetSocketAddress(p.host(), p.port())))
                .orElse(java.net.Proxy.NO_PROXY);
    }

    private static boolean credentialed(Proxy p) {
        return p.username() != null && !p.username().isEmpty();
    }

    /** Whether this JVM sends Basic credentials through a proxy's tunnel (the JDK's default: it does not). */
    static boolean basicThroughTunnels() {
        String disabled = System.getProperty("jdk.http.auth.tunneling.disabledSchemes");
        return disabled != null && !disabled.toLowerCase(java.util.Locale.ROOT).contains("basic");
    }

    /** A proxy that asks for the user name and password settings.xml gives it. */
    public static final class WithCredentials extends java.net.Proxy {
        private final String username;
        private final OncePerRequest authenticator;

        WithCredentials(InetSocketAddress at, String username, String password) {
            super(java.net.Proxy.Type.HTTP, at);
            this.username = username;
            this.authenticator = AUTHENTICATORS.computeIfAbsent(List.of(at.getHostString(), at.getPort(), username,
                    password), k -> new OncePerRequest(at, username, password));
        }

        /** The authenticator for a request about to be made on this thread: it answers the proxy once. */
        java.net.Authenticator forRequest() {
            authenticator.asked.get()[0] = 0;
            return authenticator;
        }

        /** The proxy's address and user, never its password. */
        @Override
        public String toString() {
            return "proxy " + ProxyRoute.address(this) + " (user " + username + ")";
        }
    }

    /**
     * Gives the credentials to the proxy when it asks (407), and to nobody else; once per request, so that a proxy
     * refusing them is not asked again and again (the JDK retries as long as the answer comes).
     */
    private static final class OncePerRequest extends java.net.Authenticator {
        private final InetSocketAddress at;
        private final String username;
        private final String password;
        /** How often this thread's current request asked. */
        private final ThreadLocal<int[]> asked = ThreadLocal.withInitial(() -> new int[1]);

        OncePerRequest(InetSocketAddress at, String username, String password) {
            this.at = at;
            this.username = username;
            this.password = password;
        }

        @Override
        protected java.net.PasswordAuthentication getPasswordAuthentication() {
            boolean ours = getRequestorType() == RequestorType.PROXY && getRequestingPort() == at.getPort()
                    && at.getHostString().equalsIgnoreCase(getRequestingHost());
            return ours && asked.get()[0]++ == 0 ? new java.net.PasswordAuthentication(username, password.toCharArray())
                    : null;
        }
    }

    /** HOST:PORT of a proxy. */
    static String address(java.net.Proxy proxy) {
        return proxy.address() instanceof InetSocketAddress at ? at.getHostString() + ":" + at.getPort()
                : String.valueOf(proxy.address());
    }

    /**
     * The same choice as a {@link ProxySelector} (for {@link #of(ProxySelector)}; a {@link WithCredentials} needs
     * {@link HttpGet}, which answers its 407).
     */
    public static ProxySelector selector(List<Proxy> proxies) {
        return new ProxySelector() {
            @Override
            public List<java.net.Proxy> select(URI uri) {
                return List.of(ProxyRoute.of(uri, proxies));
            }

            @Override
            public void connectFailed(URI uri, SocketAddress address, IOException e) {
                // the request fails with its own message
            }
        };
    }

    /** The proxy a selector gives for each URI (the first), {@link java.net.Proxy#NO_PROXY} for a null selector. */
    public static java.util.function.Function<URI, java.net.Proxy> of(ProxySelector selector) {
        return uri -> selector == null ? java.net.Proxy.NO_PROXY
                : selector.select(uri).stream().findFirst().orElse(java.net.Proxy.NO_PROXY);
    }

    static boolean bypassed(String host, String nonProxyHosts) {
        if (host == null || nonProxyHosts == null) {
            return false;
        }
        for (String pattern : nonProxyHosts.split("[|,]")) {
            String p = pattern.trim();
            if (!p.isEmpty() && (p.equals(host) || p.startsWith("*") && host.endsWith(p.substring(1)))) {
                return true;
            }
        }
        return false;
    }
}
