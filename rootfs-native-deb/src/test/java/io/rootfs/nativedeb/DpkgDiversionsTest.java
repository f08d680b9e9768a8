package io.rootfs.nativedeb;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rootfs.core.RootfsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dpkg's diversions file as a FIXTURE tree holds it after the essential set's scripts. */
class DpkgDiversionsTest {
    @Test
    void aPackageUnpackedAfterTheEssentialSetThatShipsAPathItsScriptsDivertedIsRefused(@TempDir Path tree)
            throws Exception {
        Files.createDirectories(tree.resolve("var/lib/dpkg"));
        // as dash's scripts leave dpkg's diversions
        Files.writeString(tree.resolve("var/lib/dpkg/diversions"), "/usr/share/man/man1/sh.1.gz\n"
                + "/usr/share/man/man1/sh.distrib.1.gz\ndash\n/bin/sh\n/bin/sh.distrib\ndash\n");
        List<DebPackage> rest = ResolverTest.index(ResolverTest.entry("other-shell", "1")).all("other-shell");
        DpkgDiversions.refuseShipped(tree, Map.of("other-shell", List.of("/bin", "/bin/ksh")), rest);

        assertThatThrownBy(() -> DpkgDiversions.refuseShipped(tree, Map.of("other-shell", List.of("/bin", "/bin/sh")),
                rest)).isInstanceOf(RootfsException.class).hasMessageContaining("other-shell ships /bin/sh")
                .hasMessageContaining("/bin/sh.distrib (by dash)").hasMessageContaining("-Drootfs.backend=host");
    }
}
