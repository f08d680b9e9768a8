package io.rootfs.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BuilderImageTest {
    @Test
    void fillsKatasPlaceholders() {
        String filled = BuilderImage.fill("FROM fedora:@OS_VERSION@\n@SET_PROXY@\nRUN echo @ARCH@\n@INSTALL_RUST@\n",
                BuilderImage.placeholders("43", "x86_64"), "fedora");
        assertThat(filled).isEqualTo("FROM fedora:43\n\nRUN echo x86_64\n\n");
    }

    @Test
    void anUnknownPlaceholderIsNamedWithTheKnownOnes() {
        assertThatThrownBy(() -> BuilderImage.fill("FROM x:@GO_VERSION@", BuilderImage.placeholders("1", "x86_64"), "acme"))
                .hasMessage("acme/Dockerfile.in uses @GO_VERSION@, which the plugin does not fill. Known: @OS_VERSION@,"
                        + " @ARCH@, @SET_PROXY@, @INSTALL_RUST@.");
    }

    @org.junit.jupiter.api.Test
    void anyValidIdMakesAValidRepositoryName() {
        org.assertj.core.api.Assertions.assertThat(BuilderImage.repositoryName("debian")).isEqualTo("debian");
        org.assertj.core.api.Assertions.assertThat(BuilderImage.repositoryName("My_Distro.")).isEqualTo("my-distro");
        org.assertj.core.api.Assertions.assertThat(BuilderImage.repositoryName("a--b__c")).isEqualTo("a-b-c");
    }
}
