package io.rootfs.core.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The headline of a failed build, from output lines as the tools print them. */
class FailureCauseTest {
    @TempDir
    Path tmp;

    String headline(List<String> lines) {
        FailureCause cause = new FailureCause();
        lines.forEach(cause::see);
        ScriptRun run = new ScriptRun(Map.of(), tmp, tmp.resolve("log"), tmp.resolve("staging"),
                "http://mirror.example/debian", g -> { });
        return cause.headline(1, run, lines.isEmpty() ? "" : lines.get(lines.size() - 1));
    }

    @Test
    void aptsOwnErrorRatherThanTheWrapper() {
        assertThat(headline(List.of("I: installing remaining packages inside the chroot...",
                "E: Unable to locate package no-such-package", "E: apt-get --yes install failed",
                "E: mmdebstrap failed to run"))).isEqualTo("The distro's build_rootfs failed with exit code 1: E: Unable to"
                        + " locate package no-such-package");
    }

    @Test
    void aFullDiskNamesTheFolderAndTheSpaceLeft() {
        assertThat(headline(List.of("Unpacking systemd (252.39-1~deb12u2) ...",
                "dpkg: error processing archive /var/cache/apt/archives/systemd.deb (--unpack):",
                " cannot copy extracted data for './usr/lib/systemd/libsystemd-shared-252.so' to"
                        + " '/usr/lib/systemd/libsystemd-shared-252.so.dpkg-new': failed to write (No space left on device)",
                "E: mmdebstrap failed to run")))
                .startsWith("The distro's build_rootfs failed with exit code 1: cannot copy extracted data")
                .contains("(No space left on device). The disk holding " + tmp.resolve("staging") + " is full (")
                .containsPattern("\\((\\d+ KiB|[\\d.]+ MiB) free now\\)")
                .endsWith("Free some space there, or build elsewhere with -Drootfs.dir.");
    }

    @Test
    void aHashMismatchNamesTheMirror() {
        assertThat(headline(List.of("Get:5 http://mirror.example/debian bookworm/main amd64 bash amd64 5.2.15-2+b13",
                "E: Failed to fetch http://mirror.example/debian/pool/main/b/bash/bash_5.2.15-2+b13_amd64.deb  Hash Sum"
                        + " mismatch", "   Hashes of expected file:", "E: mmdebstrap failed to run")))
                .contains("Hash Sum mismatch. A file from the mirror http://mirror.example/debian does not match its index")
                .endsWith("set -Drootfs.mirror=URL to another mirror.");
    }

    @Test
    void aBadSignatureOrHttpErrorNamesTheMirrorAndTheParameter() {
        assertThat(headline(List.of("W: GPG error: http://mirror.example/debian bookworm InRelease: The following"
                + " signatures were invalid: BADSIG 6ED0E7B82643E131", "E: mmdebstrap failed to run")))
                .contains("BADSIG").contains("What the mirror http://mirror.example/debian serves is not signed by the key")
                .contains("-Drootfs.mirror");
        assertThat(headline(List.of("E: Failed to fetch http://mirror.example/debian/dists/bookworm/InRelease  404  Not"
                + " Found [IP: 127.0.0.1 80]", "E: mmdebstrap failed to run")))
                .contains("404 Not Found").contains("The mirror http://mirror.example/debian did not serve what the build"
                        + " needs").endsWith("or set -Drootfs.mirror=URL to one that does.");
    }

    @Test
    void theDriversOwnErrorStandsAsItSaysWhatToDo() {
        assertThat(headline(List.of("ERROR: Cannot use the Fedora repository at http://127.0.0.1:1/x (Failed to connect"
                + " to 127.0.0.1 port 1: Connection refused). Set -Drootfs.mirror=URL (REPO_URL) to a mirror")))
                .isEqualTo("The distro's build_rootfs failed with exit code 1: ERROR: Cannot use the Fedora repository at"
                        + " http://127.0.0.1:1/x (Failed to connect to 127.0.0.1 port 1: Connection refused). Set"
                        + " -Drootfs.mirror=URL (REPO_URL) to a mirror");
        assertThat(headline(List.of("ERROR: mirror said no", "some trailing line")))
                .isEqualTo("The distro's build_rootfs failed with exit code 1: ERROR: mirror said no");
        assertThat(headline(List.of("just a last line"))).endsWith(": just a last line");
    }

    @Test
    void theDistrosOwnAdviceWinsOverTheToolLineBeforeIt() {
        // Clear Linux's server is gone: curl's line comes first, the distro's advice after it
        assertThat(headline(List.of("curl: (6) Could not resolve host: cdn.example", "ERROR: Clear Linux OS ended upstream"
                + " in July 2025 and its download server is archived. Point -Drootfs.mirror=URL at an archived copy",
                "E: something later")))
                .isEqualTo("The distro's build_rootfs failed with exit code 1: ERROR: Clear Linux OS ended upstream in July"
                        + " 2025 and its download server is archived. Point -Drootfs.mirror=URL at an archived copy");
    }
}
