package io.rootfs.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rootfs.api.Proxy;
import io.rootfs.core.RootfsException;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.DefaultSettingsProblem;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;
import org.junit.jupiter.api.Test;

class MavenProxiesTest {
    @Test
    void onlyActiveProxiesReachTheBuild() {
        Settings settings = new Settings();
        settings.addProxy(proxy("corp", true, "http", "proxy.corp", 3128));
        settings.addProxy(proxy("off", false, "https", "old.corp", 8080));
        assertThat(MavenProxies.active(settings, null)).containsExactly(
                new Proxy("http", "proxy.corp", 3128, "jo", "secret", "localhost|*.corp"));
        assertThat(MavenProxies.active(null, null)).isEmpty();
    }

    @Test
    void passwordsAreDecryptedAsMavenDecryptsThemAndOneThatCannotBeIsNamed() {
        Settings settings = new Settings();
        org.apache.maven.settings.Proxy corp = proxy("corp", true, "http", "proxy.corp", 3128);
        corp.setPassword("{FIXTURE-encrypted}");
        settings.addProxy(corp);
        // a FIXTURE decrypter: {FIXTURE-encrypted} is "secret"; anything else in braces cannot be decrypted
        SettingsDecrypter decrypter = request -> {
            org.apache.maven.settings.Proxy p = request.getProxies().get(0).clone();
            List<SettingsProblem> problems = new ArrayList<>();
            if (p.getPassword().equals("{FIXTURE-encrypted}")) {
                p.setPassword("secret");
            } else {
                problems.add(new DefaultSettingsProblem("Failed to decrypt password for proxy " + p.getId(),
                        SettingsProblem.Severity.ERROR, "proxy", -1, -1, null));
            }
            return result(p, problems);
        };
        assertThat(MavenProxies.active(settings, decrypter)).containsExactly(
                new Proxy("http", "proxy.corp", 3128, "jo", "secret", "localhost|*.corp"));
        corp.setPassword("{other}");
        assertThatThrownBy(() -> MavenProxies.active(settings, decrypter))
                .isInstanceOfSatisfying(RootfsException.class, e -> assertThat(e.isUserError()).isTrue())
                .hasMessage("The password of the proxy 'corp' in settings.xml cannot be decrypted: Failed to decrypt"
                        + " password for proxy corp. Check ~/.m2/settings-security.xml (see mvn --encrypt-master-password).");
    }

    private static SettingsDecryptionResult result(org.apache.maven.settings.Proxy proxy, List<SettingsProblem> problems) {
        return new SettingsDecryptionResult() {
            @Override
            public org.apache.maven.settings.Server getServer() {
                return null;
            }

            @Override
            public List<org.apache.maven.settings.Server> getServers() {
                return List.of();
            }

            @Override
            public org.apache.maven.settings.Proxy getProxy() {
                return proxy;
            }

            @Override
            public List<org.apache.maven.settings.Proxy> getProxies() {
                return List.of(proxy);
            }

            @Override
            public List<SettingsProblem> getProblems() {
                return problems;
            }
        };
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
