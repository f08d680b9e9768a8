package io.rootfs.nativedeb;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootfs.testkit.RecordingLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The declarative path's word on what it does not reproduce: FIXTURE packages whose scripts run a program no rule of
 * {@link DeclarativeScripts} covers are named, with the script and the program, and the build goes on.
 */
class DeclarativeScriptsTest {
    @Test
    void aScriptThatRunsWhatIsNotReproducedIsNamedWithWhatItRuns(@TempDir Path tree) throws Exception {
        RecordingLog log = new RecordingLog();
        DeclarativeScripts scripts = new DeclarativeScripts(tree, false, 0, "amd64", log);
        DeclarativeScripts.Result result = scripts.apply(List.of(
                fixture("fixture-plain", Map.of("postinst", "#!/bin/sh\nset -e\nupdate-alternatives --install"
                        + " /usr/bin/pager pager /usr/bin/more 50\n")),
                fixture("fixture-odd", Map.of("postinst", "#!/bin/sh\nset -e\nif [ \"$1\" = configure ]; then\n"
                        + "  fixture-frobnicate --all\nfi\n")),
                fixture("fixture-both", Map.of("preinst", "#!/bin/sh\nfixture-prepare\n",
                        "postinst", "#!/bin/sh\nfixture-frobnicate\nfixture-prepare\n"))));
        // in dpkg's configure order (by name, as nothing depends on anything here)
        assertThat(result.warnings()).containsExactly(
                "The preinst and postinst of fixture-both are not reproduced: they run fixture-prepare,"
                        + " fixture-frobnicate. Build with a user namespace (or as root) so that they run, or with"
                        + " -Drootfs.backend=host.",
                "The postinst of fixture-odd is not reproduced: it runs fixture-frobnicate. Build with a user namespace"
                        + " (or as root) so that it runs, or with -Drootfs.backend=host.");
        assertThat(log.warnings).isEqualTo(result.warnings());
        // what the plain package's script does is reproduced beside the warnings
        assertThat(Files.readSymbolicLink(tree.resolve("etc/alternatives/pager"))).isEqualTo(Path.of("/usr/bin/more"));
    }

    private static DpkgDatabase.Installed fixture(String name, Map<String, String> scripts) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        scripts.forEach((script, text) -> files.put(script, text.getBytes(StandardCharsets.UTF_8)));
        return new DpkgDatabase.Installed(Map.of("Package", name, "Version", "1", "Architecture", "all"), files, List.of());
    }
}
