package io.rootfs.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootfs.api.DistroDescriptor;
import io.rootfs.core.distro.ConfigSh;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What every bundled distro jar must carry for list, preflight and both backends to work. */
class BundledDistrosTest {
    private static final Pattern SHIPPED_KEY = Pattern.compile("GPG_KEY_FILE=\\$\\{GPG_KEY_FILE:-([^}$]+)}");

    @Test
    void eachJarCarriesAKataFolderThatListAndPreflightCanRead() throws IOException {
        List<URL> descriptors = Collections.list(getClass().getClassLoader().getResources("rootfs-distro/distro.properties"));
        assertThat(descriptors).hasSameSizeAs(PluginIdentity.load().bundled().ids());
        for (URL url : descriptors) {
            Properties p = new Properties();
            try (InputStream in = url.openStream()) {
                p.load(in);
            }
            DistroDescriptor d = DistroDescriptor.fromProperties(p, "?");
            String config = read(sibling(url, "config.sh"));
            ConfigSh sh = ConfigSh.parse(config);
            assertThat(sh.osVersion()).as(d.id() + " OS_VERSION default").isNotBlank();
            assertThat(sh.initProcess()).as(d.id() + " INIT_PROCESS").isIn("systemd", "kata-agent");
            assertThat(d.hostTools()).as(d.id() + " host.tools").isNotEmpty();
            assertThat(d.upstream()).as(d.id() + " upstream").isNotBlank();
            assertThat(read(sibling(url, "Dockerfile.in"))).as(d.id() + " Dockerfile.in").contains("FROM ");
            // a key named as shipped must be in the jar; one fetched at build time must have a fingerprint to check
            Matcher key = SHIPPED_KEY.matcher(config);
            if (key.find() && !config.contains("GPG_KEY_URL=${GPG_KEY_URL:-\"")) {
                String file = key.group(1).replace("${OS_VERSION}", sh.osVersion());
                assertThat(read(sibling(url, file))).as(d.id() + " ships " + file).contains("BEGIN PGP PUBLIC KEY BLOCK");
            } else if (key.find(0)) {
                assertThat(config).as(d.id() + " fingerprint for its fetched key").containsPattern(
                        "GPG_KEY_FINGERPRINT=\\$\\{GPG_KEY_FINGERPRINT:-[0-9A-F]{40}}");
            }
        }
    }

    private static URL sibling(URL descriptor, String name) throws IOException {
        return new URL(descriptor, name);
    }

    private static String read(URL url) throws IOException {
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
