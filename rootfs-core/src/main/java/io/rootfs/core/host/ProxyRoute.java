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
 * {@link WithCredentials}: {@link HttpGet} answers its 407 with them (the distro scripts get them
 * in their proxy variables).
 */
public final class ProxyRoute {
    private ProxyRoute() {
    }

    /** The proxy for {@code uri}, or {@link java.net.Proxy#NO_PROXY}. */
    public static java.net.Proxy of(URI uri, List<Proxy> proxies) {
        return proxies.stream().filter(p -> !bypassed(uri.getHost(), p.nonProxyHosts())).findFirst()
                .map(p -> p.username() == null || p.username().isEmpty()
                        ? new java.net.Proxy(java.net.Proxy.Type.HTTP, new InetSocketAddress(p.host(), p.port()))
                        : new WithCredentials(new InetSocketAddress(p.host(), p.port()), p.username(),
                                p.password() == null ? "" : p.password()))
                .orElse(java.net.Proxy.NO_PROXY);
    }

    /** A proxy that asks for the user name and password settings.xml gives it. */
    public static final class WithCredentials extends java.net.Proxy {
        private final String username;
        private final String password;

        WithCredentials(InetSocketAddress at, String username, String password) {
            super(java.net.Proxy.Type.HTTP, at);
            this.username = username;
            this.password = password;
        }

        /** Gives the credentials to this proxy when it asks (407), and to nobody else. */
        java.net.Authenticator authenticator() {
            InetSocketAddress at = (InetSocketAddress) address();
            return new java.net.Authenticator() {
                @Override
                protected java.net.PasswordAuthentication getPasswordAuthentication() {
                    boolean ours = getRequestorType() == RequestorType.PROXY && getRequestingPort() == at.getPort()
                            && at.getHostString().equalsIgnoreCase(getRequestingHost());
                    return ours ? new java.net.PasswordAuthentication(username, password.toCharArray()) : null;
                }
            };
        }

        /** The proxy's address and user, never its password. */
        @Override
        public String toString() {
            return "proxy " + ProxyRoute.address(this) + " (user " + username + ")";
        }
    }

    /** HOST:PORT of a proxy. */
    static String address(java.net.Proxy proxy) {
        return proxy.address() instanceof InetSocketAddress at ? at.getHostString() + ":" + at.getPort()
                : String.valueOf(proxy.address());
    }

    /** The same choice for {@link java.net.http.HttpClient}. */
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
