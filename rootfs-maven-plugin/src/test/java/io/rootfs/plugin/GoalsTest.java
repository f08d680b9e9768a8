package io.rootfs.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The goals as Maven configures them from a POM: skipping, scaffolding, and how core errors surface. */
@MojoTest
class GoalsTest {
    static final Path DISTROS = Path.of("target/mojo-test/distros").toAbsolutePath();

    @BeforeEach
    void clean() throws IOException {
        if (Files.exists(DISTROS)) {
            try (Stream<Path> walk = Files.walk(DISTROS)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    @InjectMojo(goal = "scaffold", pom = "classpath:/unit/pom.xml")
    @MojoParameter(name = "name", value = "acme_linux")
    void scaffoldWritesTheProjectIntoTheConfiguredFolder(ScaffoldMojo mojo) throws Exception {
        mojo.execute();
        assertThat(DISTROS.resolve("acme_linux/config.sh")).content().contains("OS_NAME=acme_linux");
        assertThat(DISTROS.resolve("acme_linux/pom.xml")).content()
                .contains("<artifactId>rootfs-distro-acme_linux</artifactId>");
    }

    @Test
    @InjectMojo(goal = "scaffold", pom = "classpath:/unit/pom.xml")
    @MojoParameter(name = "name", value = "acme_linux")
    @MojoParameter(name = "skip", value = "true")
    void skipWritesNothing(ScaffoldMojo mojo) throws Exception {
        mojo.execute();
        assertThat(DISTROS.resolve("acme_linux")).doesNotExist();
    }

    @Test
    @InjectMojo(goal = "build", pom = "classpath:/unit/pom.xml")
    @MojoParameter(name = "skip", value = "true")
    @MojoParameter(name = "distro", value = "no-such-distro")
    void skippedBuildDoesNotEvenResolveItsDistro(BuildMojo mojo) throws Exception {
        mojo.execute();
        assertThat(DISTROS).doesNotExist();
    }

    @Test
    @InjectMojo(goal = "scaffold", pom = "classpath:/unit/pom.xml")
    @MojoParameter(name = "name", value = "bad/name")
    void userMistakesAreMojoFailures(ScaffoldMojo mojo) {
        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("'bad/name' cannot be a distro name");
    }
}
