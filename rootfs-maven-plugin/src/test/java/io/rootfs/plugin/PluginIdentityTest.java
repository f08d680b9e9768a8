package io.rootfs.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class PluginIdentityTest {
    @Test
    void knowsItselfFromItsFilteredProperties() {
        PluginIdentity plugin = PluginIdentity.load();
        assertThat(plugin.key()).isEqualTo("io.rootfs:rootfs-maven-plugin");
        assertThat(plugin.version()).doesNotContain("${").isNotBlank();
        assertThat(plugin.bundled().coordinates("debian"))
                .isEqualTo("io.rootfs:rootfs-distro-debian:" + plugin.version());
    }

    /** The pom names each bundled id twice (the property and a test dependency); they must agree. */
    @Test
    void everyBundledDistroIsOnTheTestClasspathForTheITs() throws IOException {
        List<String> onClasspath = new ArrayList<>();
        for (URL url : Collections.list(getClass().getClassLoader().getResources("rootfs-distro/distro.properties"))) {
            Properties p = new Properties();
            try (InputStream in = url.openStream()) {
                p.load(in);
            }
            onClasspath.add(p.getProperty("id"));
        }
        assertThat(onClasspath).containsExactlyInAnyOrderElementsOf(PluginIdentity.load().bundled().ids());
    }
}
