package io.rootfs.plugin;

import io.rootfs.core.distro.DistroResolver;
import io.rootfs.core.distro.DistroTable;
import java.util.List;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** Lists the distros this build can use: bundled, configured coordinates, and local folders. */
@Mojo(name = "list", defaultPhase = LifecyclePhase.VALIDATE, requiresProject = false, threadSafe = true)
public class ListMojo extends AbstractRootfsMojo {
    /** More distro artifacts to show, as g:a:v coordinates. */
    @Parameter(property = "rootfs.distros")
    List<String> distros;

    /** One distro: print its test configuration (INIT_PROCESS, ARCH_EXCLUDE_LIST), as Kata's rootfs.sh -t does. */
    @Parameter(property = "distro")
    String distro;

    @Override
    String goal() {
        return "list";
    }

    @Override
    void run() {
        PluginIdentity plugin = PluginIdentity.load();
        DistroResolver resolver = new DistroResolver(plugin.bundled(), distrosDir(), projectDir(), distroResolver());
        if (distro != null && !distro.isBlank()) {
            DistroTable.testConfig(resolver.resolve(distro)).forEach(getLog()::info);
            return;
        }
        getLog().info("Distros for " + plugin.coordinates() + " (local folders from " + distrosDir + "):");
        DistroResolver.Catalog catalog = resolver.all(distros == null ? List.of() : distros);
        for (String line : DistroTable.render(catalog.distros())) {
            getLog().info(line);
        }
        catalog.unresolved().forEach(getLog()::warn);
        getLog().info("Build one with: mvn rootfs:build -Ddistro=ID");
    }
}
