package io.rootfs.plugin;

import io.rootfs.core.distro.BundledDistros;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Properties;

/** Who this plugin is and which distros it bundles, from the properties filtered into its jar. */
record PluginIdentity(String groupId, String artifactId, String version, BundledDistros bundled) {

    static PluginIdentity load() {
        Properties p = new Properties();
        try (InputStream in = PluginIdentity.class.getResourceAsStream("/META-INF/rootfs/plugin.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String groupId = p.getProperty("groupId");
        String version = p.getProperty("version");
        return new PluginIdentity(groupId, p.getProperty("artifactId"), version, new BundledDistros(groupId, version,
                Arrays.stream(p.getProperty("distros").split("[,\\s]+")).filter(s -> !s.isEmpty()).toList()));
    }

    /** groupId:artifactId, the plugin's name in osbuilder.yaml (its version goes beside it). */
    String key() {
        return groupId + ":" + artifactId;
    }

    String coordinates() {
        return key() + ":" + version;
    }
}
