package io.rootfs.plugin;

import io.rootfs.api.BuildLog;
import io.rootfs.core.RootfsException;
import io.rootfs.core.distro.ArtifactResolver;
import java.io.File;
import java.nio.file.Path;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.eclipse.aether.RepositorySystem;

/** What every goal shares: rootfs.skip, the distros folder, the repositories, and the mapping of core errors. */
abstract class AbstractRootfsMojo extends AbstractMojo {
    /** Skip this goal. */
    @Parameter(property = "rootfs.skip", defaultValue = "false")
    boolean skip;

    /** Where local distro folders live: each subfolder holding a config.sh is a distro. */
    @Parameter(property = "rootfs.distrosDir", defaultValue = "${basedir}/distros")
    File distrosDir;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    MavenSession session;

    @Component
    RepositorySystem repositorySystem;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping rootfs:" + goal() + " (rootfs.skip=true)");
            return;
        }
        try {
            run();
        } catch (RootfsException e) {
            if (e.isUserError()) {
                throw new MojoFailureException(e.getMessage(), e);
            }
            throw new MojoExecutionException(e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
    }

    abstract String goal();

    abstract void run();

    /** The project's folder; without a project, the folder Maven runs in. */
    Path projectDir() {
        File basedir = project.getBasedir();
        return (basedir != null ? basedir.toPath() : Path.of(session.getExecutionRootDirectory())).toAbsolutePath();
    }

    /** The goal runs in a folder without a pom (Maven's stand-in project). */
    boolean outsideProject() {
        return project.getFile() == null;
    }

    /** The build directory; without a project, target/ in the folder Maven runs in. */
    Path buildDir() {
        return outsideProject() ? projectDir().resolve("target") : Path.of(project.getBuild().getDirectory());
    }

    /** rootfs.distrosDir as given, resolved against the project's folder. */
    Path distrosDir() {
        String given = distrosDir == null ? "" : distrosDir.getPath();
        if (!given.isEmpty() && distrosDir.isAbsolute()) {
            return distrosDir.toPath().normalize();
        }
        return given.isEmpty() || given.startsWith("null") ? projectDir().resolve("distros")
                : projectDir().resolve(given).normalize();
    }

    /** Maven's log; under {@code -T}, each line tagged with this module. */
    BuildLog buildLog() {
        return new MavenBuildLog(getLog(), session.isParallel() ? "[" + project.getArtifactId() + "] " : "");
    }

    /** Distros resolve against the modules of this build, then the plugin repositories, as the plugin itself does. */
    ArtifactResolver distroResolver() {
        return new ReactorDistros(session.getProjects(), new MavenArtifactResolver(repositorySystem,
                session.getRepositorySession(), project.getRemotePluginRepositories(), "distro"));
    }
}
