package io.rootfs.plugin;

import io.rootfs.api.Proxy;
import io.rootfs.core.RootfsException;
import java.util.List;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/**
 * The active proxies of the user's settings.xml, their passwords decrypted as Maven decrypts them
 * ({@code {...}} with settings-security.xml), for the JVM's requests and the build scripts' proxy variables.
 */
final class MavenProxies {
    private MavenProxies() {
    }

    /** @throws RootfsException when a proxy's password cannot be decrypted */
    static List<Proxy> active(Settings settings, SettingsDecrypter decrypter) {
        if (settings == null) {
            return List.of();
        }
        return settings.getProxies().stream().filter(org.apache.maven.settings.Proxy::isActive)
                .map(p -> decrypted(p, decrypter))
                .map(p -> new Proxy(p.getProtocol(), p.getHost(), p.getPort(), p.getUsername(), p.getPassword(),
                        p.getNonProxyHosts()))
                .toList();
    }

    private static org.apache.maven.settings.Proxy decrypted(org.apache.maven.settings.Proxy proxy,
            SettingsDecrypter decrypter) {
        if (decrypter == null) {
            return proxy;
        }
        SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(proxy));
        for (SettingsProblem problem : result.getProblems()) {
            if (problem.getSeverity() != SettingsProblem.Severity.WARNING) {
                throw RootfsException.input("The password of the proxy '" + proxy.getId() + "' in settings.xml cannot be"
                        + " decrypted: " + problem.getMessage() + ". Check ~/.m2/settings-security.xml (see mvn"
                        + " --encrypt-master-password).");
            }
        }
        return result.getProxy() != null ? result.getProxy() : proxy;
    }
}
