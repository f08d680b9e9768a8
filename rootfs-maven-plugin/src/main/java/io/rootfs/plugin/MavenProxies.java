package io.rootfs.plugin;

import io.rootfs.api.Proxy;
import java.util.List;
import org.apache.maven.settings.Settings;

/** The active proxies of the user's settings.xml, for the build scripts' proxy variables. */
final class MavenProxies {
    private MavenProxies() {
    }

    static List<Proxy> active(Settings settings) {
        if (settings == null) {
            return List.of();
        }
        return settings.getProxies().stream().filter(org.apache.maven.settings.Proxy::isActive)
                .map(p -> new Proxy(p.getProtocol(), p.getHost(), p.getPort(), p.getUsername(), p.getPassword(),
                        p.getNonProxyHosts()))
                .toList();
    }
}
