package io.rootfs.plugin;

import io.rootfs.core.scaffold.DistroScaffold;
import java.nio.file.Path;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** Writes a new distro project into {@code rootfs.distrosDir/NAME}, ready to fill in. */
@Mojo(name = "scaffold", defaultPhase = LifecyclePhase.GENERATE_SOURCES, requiresProject = false, threadSafe = true)
public class ScaffoldMojo extends AbstractRootfsMojo {
    /** The new distro's name: its folder, its id, and the end of its artifactId. */
    @Parameter(property = "name")
    String name;

    /** The new distro project's groupId; the current project's when there is one. */
    @Parameter(property = "rootfs.groupId")
    String groupId;

    /** Replace the files of an existing distro folder. */
    @Parameter(property = "force", defaultValue = "false")
    boolean force;

    @Override
    String goal() {
        return "scaffold";
    }

    @Override
    void run() {
        DistroScaffold.checkName(name);
        String group = groupId != null ? groupId : project.getFile() != null ? project.getGroupId() : "com.example.rootfs";
        Path folder = DistroScaffold.write(distrosDir(), name, group, force);
        getLog().info("Wrote distro project " + folder + " (" + String.join(", ", DistroScaffold.FILES) + ")");
        getLog().info("Next: implement build_rootfs in " + folder.resolve("rootfs_lib.sh") + ", then mvn rootfs:build"
                + " -Ddistro=" + name + "; mvn install in " + folder + " makes it an artifact "
                + group + ":rootfs-distro-" + name + ":1.0.0-SNAPSHOT.");
    }
}
