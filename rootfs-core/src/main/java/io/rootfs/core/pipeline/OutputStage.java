package io.rootfs.core.pipeline;

import io.rootfs.core.RootfsException;
import io.rootfs.core.output.Digests;
import io.rootfs.core.output.DirectoryOutput;
import io.rootfs.core.output.GuestFacts;
import io.rootfs.core.output.OutputContext;
import io.rootfs.core.output.Outputs;
import io.rootfs.core.output.RootfsOutput;
import io.rootfs.core.tree.RootfsTree;
import io.rootfs.core.tree.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Delivers the tree in every form asked for: first each file output, written into the work
 * folder; then, once all of them succeeded, the tree swapped into rootfs.dir (when
 * {@code directory} is asked for) and the files moved beside it. A failure before that point
 * leaves every previous output where it was.
 */
final class OutputStage implements Stage {
    @Override
    public String name() {
        return "output";
    }

    @Override
    public String run(BuildState s) {
        DirectoryOutput directory = s.prepared.output();
        Path target = directory.target();
        List<Path> written = new ArrayList<>();
        try {
            Trees.deleteIfExists(s.work.out());
            Files.createDirectories(s.work.out());
            OutputContext context = s.prepared.outputContext().withFacts(facts(s));
            for (RootfsOutput output : s.prepared.files()) {
                long t = System.nanoTime();
                output.write(s.tree, s.work.out(), context);
                for (String name : output.fileNames(context)) {
                    Path file = s.work.out().resolve(name);
                    written.add(file);
                    String sha = Digests.sha256(file);
                    s.delivered.add(new BuildState.Delivered(output.format(), target.resolveSibling(name),
                            Files.size(file), sha));
                    s.log.info(String.format(Locale.ROOT, "Output %s: %s, %.1f MB, sha256 %s (%.1f s)", output.format(),
                            name, Files.size(file) / 1e6, sha, (System.nanoTime() - t) / 1e9));
                }
            }
            List<String> done = new ArrayList<>();
            if (s.request.outputs().has(Outputs.DIRECTORY)) {
                directory.commit();
                s.tree = new RootfsTree(target, s.tree.manifest());
                done.add("swapped into " + target + ", the previous rootfs removed");
            } else {
                directory.discard();
                done.add("no directory asked for: " + target + " is not written");
            }
            Set<String> names = new LinkedHashSet<>(Files.isRegularFile(s.work.written())
                    ? Files.readAllLines(s.work.written()) : List.of());
            for (Path file : written) {
                names.add(file.getFileName().toString());
                Files.write(s.work.written(), names);
                Files.move(file, target.resolveSibling(file.getFileName()), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            }
            if (!written.isEmpty()) {
                done.add(written.size() + " files beside it");
            }
            return String.join("; ", done);
        } catch (IOException e) {
            throw RootfsException.environment("Cannot write the outputs of " + target + ": " + e.getMessage(), e);
        }
    }


    /** What the build settled on, for the SBOM and the report. */
    static GuestFacts facts(BuildState s) {
        List<GuestFacts.Input> inputs = new ArrayList<>();
        if (s.prepared.agentFile() != null) {
            inputs.add(new GuestFacts.Input(s.prepared.agentFile().getFileName().toString(), "kata-agent",
                    s.prepared.agentFile()));
        }
        if (s.distro.jar() != null) {
            inputs.add(new GuestFacts.Input(s.distro.origin(), "distro", s.distro.jar()));
        }
        return new GuestFacts(s.distro.id(), s.plan.distroName(), s.plan.osVersion(), s.request.arch().kataName(),
                s.builder.name(), s.builder.bundled().version(), s.backend.backend().name().toLowerCase(Locale.ROOT),
                inputs);
    }
}
