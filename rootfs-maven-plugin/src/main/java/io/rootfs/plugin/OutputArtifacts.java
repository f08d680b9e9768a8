package io.rootfs.plugin;

import io.rootfs.core.RootfsException;
import io.rootfs.core.pipeline.BuildSummary;
import java.nio.file.Path;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;

/**
 * Makes what a build wrote part of the project, so {@code mvn install} and {@code mvn deploy}
 * publish the guest: each file attached with its extension as type ({@code tar.zst}, {@code
 * initrd}, {@code img}, {@code cdx.json}, ...) and the rootfs folder's name as classifier. With
 * {@code <packaging>kata-rootfs</packaging>} the image is the project's own artifact.
 */
final class OutputArtifacts {
    static final String PACKAGING = "kata-rootfs";

    private OutputArtifacts() {
    }

    static void attach(MavenProject project, MavenProjectHelper helper, BuildSummary summary, Log log) {
        if (project.getFile() == null) {
            return; // a goal run without a project: nothing to publish
        }
        boolean own = PACKAGING.equals(project.getPackaging());
        String base = summary.rootfs().getFileName().toString();
        for (BuildSummary.Output output : summary.files()) {
            if (output.format().equals("report")) {
                continue; // the build's report stays in target/, as Jib's does
            }
            Path file = output.file();
            String extension = file.getFileName().toString().substring(base.length() + 1);
            if (own && extension.equals("img") && project.getArtifact().getFile() == null) {
                project.getArtifact().setFile(file.toFile());
                log.info("The project's artifact: " + file);
            } else {
                helper.attachArtifact(project, extension, base, file.toFile());
                log.info("Attached " + file.getFileName() + " as " + project.getArtifactId() + "-"
                        + project.getVersion() + "-" + base + "." + extension);
            }
        }
        if (own && project.getArtifact().getFile() == null) {
            throw RootfsException.input("<packaging>kata-rootfs</packaging> publishes the guest image as the project's"
                    + " artifact, but rootfs.formats has no image: add image to it.");
        }
    }
}
