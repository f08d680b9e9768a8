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
 * without credentials whose {@code nonProxyHosts} does not name the host, else none. (A proxy
 * with credentials reaches the distro scripts as a variable; the JVM's own requests skip it.)
 */
public final class ProxyRoute {
    private ProxyRoute() {
    }

    /** The proxy for {@code uri}, or {@link java.net.Proxy#NO_PROXY}. */
    public static java.net.Proxy of(URI uri, List<Proxy> proxies) {
        return proxies.stream().filter(p -> p.username() == null || p.username().isEmpty())
                .filter(p -> !bypassed(uri.getHost(), p.nonProxyHosts())).findFirst()
                .map(p -> new java.net.Proxy(java.net.Proxy.Type.HTTP, new InetSocketAddress(p.host(), p.port())))
                .orElse(java.net.Proxy.NO_PROXY);
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
