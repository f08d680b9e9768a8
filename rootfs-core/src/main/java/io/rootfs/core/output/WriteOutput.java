package io.rootfs.core.output;

import io.rootfs.api.BuildLog;
import io.rootfs.api.OutputSpec;
import io.rootfs.core.tree.Manifest;
import io.rootfs.core.tree.RootfsTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes one output of a rootfs a build already made, from the folder and the manifest in its
 * work folder, without Maven: {@code java -cp ... io.rootfs.core.output.WriteOutput FORMAT ROOTFS
 * OUT_DIR [SOURCE_DATE_EPOCH]}. For tools, and for measuring an output on its own.
 */
public final class WriteOutput {
    private WriteOutput() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: WriteOutput tar|initrd|image|sbom ROOTFS OUT_DIR [SOURCE_DATE_EPOCH]");
            System.exit(2);
        }
        Path rootfs = Path.of(args[1]).toAbsolutePath();
        Path out = Files.createDirectories(Path.of(args[2]));
        long epoch = args.length > 3 ? Long.parseLong(args[3]) : 0;
        Manifest manifest = Manifest.read(WorkFolder.beside(rootfs).resolve("manifest"));
        OutputSpec spec = new OutputSpec(List.of(args[0]), null, null, System.getProperty("rootfs.image.fs"), true, 0,
                false);
        OutputContext context = new OutputContext(rootfs.getFileName().toString(), spec, epoch, false,
                BuildLog.stderr());
        RootfsOutput output = Outputs.check(spec, out.resolve(rootfs.getFileName()), context, f -> true).get(0);
        long start = System.nanoTime();
        output.write(new RootfsTree(rootfs, manifest), out, context);
        System.out.printf(java.util.Locale.ROOT, "seconds=%.2f%n", (System.nanoTime() - start) / 1e9);
    }
}
