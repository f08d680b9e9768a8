package io.rootfs.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootfs.api.Proxy;
import org.apache.maven.settings.Settings;
import org.junit.jupiter.api.Test;

class MavenProxiesTest {
    @Test
    void onlyActiveProxiesReachTheBuild() {
        Settings settings = new Settings();
        settings.addProxy(proxy("corp", true, "http", "proxy.corp", 3128));
        settings.addProxy(proxy("off", false, "https", "old.corp", 8080));
        assertThat(MavenProxies.active(settings)).containsExactly(
                new Proxy("http", "proxy.corp", 3128, "jo", "secret", "localhost|*.corp"));
        assertThat(MavenProxies.active(null)).isEmpty();
    }

    private static org.apache.maven.settings.Proxy proxy(String id, boolean active, String protocol, String host, int port) {
        org.apache.maven.settings.Proxy p = new org.apache.maven.settings.Proxy();
        p.setId(id);
        p.setActive(active);
        p.setProtocol(protocol);
        p.setHost(host);
        p.setPort(port);
        p.setUsername("jo");
        p.setPassword("secret");
        p.setNonProxyHosts("localhost|*.corp");
        return p;
    }
}
