package io.rootfs.core.pipeline;

import io.rootfs.core.RootfsException;
import io.rootfs.core.output.DirectoryOutput;
import io.rootfs.core.output.Outputs;
import io.rootfs.core.output.RootfsOutput;
import io.rootfs.core.tree.RootfsTree;
import io.rootfs.core.tree.Trees;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
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
            for (RootfsOutput output : s.prepared.files()) {
                long t = System.nanoTime();
                output.write(s.tree, s.work.out(), s.prepared.outputContext());
                for (String name : output.fileNames(s.prepared.outputContext())) {
                    Path file = s.work.out().resolve(name);
                    written.add(file);
                    s.log.info(String.format(Locale.ROOT, "Output %s: %s, %.1f MB, sha256 %s (%.1f s)", output.format(),
                            name, Files.size(file) / 1e6, sha256(file), (System.nanoTime() - t) / 1e9));
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

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
