package io.rootfs.core.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rootfs.testkit.RecordingLog;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Kata's rootfs.sh variables as defaults under the parameters, each value taken logged. */
class KataVariablesTest {
    final RecordingLog log = new RecordingLog();
    final KataVariables kata = new KataVariables(Map.of("OS_VERSION", "trixie", "AGENT_INIT", "yes", "SECCOMP", "maybe",
            "ROOTFS_DIR", "out/rootfs", "DEBUG", " "), log);

    @Test
    void aParameterWinsOverTheVariableAndNothingIsLogged() {
        assertThat(kata.text("rootfs.osVersion", "bookworm", "OS_VERSION")).isEqualTo("bookworm");
        assertThat(kata.flag("rootfs.agentInit", false, "AGENT_INIT", false)).isFalse();
        assertThat(kata.path("rootfs.dir", Path.of("/p/target/x"), "ROOTFS_DIR", Path.of("/p"))).isEqualTo(Path.of("/p/target/x"));
        assertThat(log.lines).isEmpty();
    }

    @Test
    void theVariableStandsInAndSaysSo() {
        assertThat(kata.text("rootfs.osVersion", null, "OS_VERSION")).isEqualTo("trixie");
        assertThat(kata.flag("rootfs.agentInit", null, "AGENT_INIT", false)).isTrue();
        assertThat(kata.path("rootfs.dir", null, "ROOTFS_DIR", Path.of("/p"))).isEqualTo(Path.of("/p/out/rootfs"));
        assertThat(log.lines).containsExactly(
                "Kata variable OS_VERSION=trixie from the environment: rootfs.osVersion (a -D or pom value would win)",
                "Kata variable AGENT_INIT=yes from the environment: rootfs.agentInit (a -D or pom value would win)",
                "Kata variable ROOTFS_DIR=out/rootfs from the environment: rootfs.dir (a -D or pom value would win)");
    }

    @Test
    void unsetOrBlankGivesTheDefaultAndABadFlagIsRefused() {
        assertThat(kata.flag("rootfs.seccomp", null, "NOT_SET", true)).isTrue();
        assertThat(kata.text("rootfs.osVersion", null, "DEBUG")).isNull();
        assertThatThrownBy(() -> kata.flag("rootfs.seccomp", null, "SECCOMP", true))
                .hasMessage("SECCOMP=maybe (in the environment Maven runs in) is neither yes nor no. Set it to yes or no,"
                        + " unset it, or give -Drootfs.seccomp=true|false.");
    }
}
