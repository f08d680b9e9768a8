package io.rootfs.core.distro;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfigShTest {
    private static final String KATA_STYLE = """
            OS_NAME=centos
            OS_VERSION=${OS_VERSION:-stream9}
            export REPO_URL="${REPO_URL:-http://example.invalid/centos}" # overridable
            PACKAGES="chrony iptables kmod systemd"
            [ "$SECCOMP" = "yes" ] && PACKAGES+=" libseccomp" || true
            if [ "$AGENT_INIT" = "yes" ]; then
            	INIT_PROCESS=kata-agent
            fi
            INIT_PROCESS=systemd
            ARCH_EXCLUDE_LIST=( ppc64le "s390x" )
            """;

    @Test
    void readsDefaultsQuotesAndArrays() {
        ConfigSh c = ConfigSh.parse(KATA_STYLE);
        assertThat(c.osVersion()).isEqualTo("stream9");
        assertThat(c.get("REPO_URL")).isEqualTo("http://example.invalid/centos");
        assertThat(c.get("PACKAGES")).isEqualTo("chrony iptables kmod systemd");
        assertThat(c.archExcludeList()).containsExactly("ppc64le", "s390x");
    }

    @Test
    void assignmentsInsideBlocksAreNotDefaults() {
        assertThat(ConfigSh.parse(KATA_STYLE).initProcess()).isEqualTo("systemd");
    }

    @Test
    void missingValuesHaveKataDefaults() {
        ConfigSh c = ConfigSh.parse("OS_NAME=x\n");
        assertThat(c.initProcess()).isEqualTo("systemd");
        assertThat(c.archExcludeList()).isEmpty();
        assertThat(c.osVersion()).isEmpty();
    }
}
