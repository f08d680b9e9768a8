package io.rootfs.core.pipeline;

import io.rootfs.core.RootfsException;
import io.rootfs.core.tree.Manifest;
import io.rootfs.core.tree.RootfsTree;
import java.io.IOException;

/**
 * The finished tree and its manifest: every entry as the guest will see it, from the disk, with
 * what the tree's builder recorded that the disk cannot hold (owners and devices of a tree built
 * without root). The manifest is kept in the work folder beside the rootfs.
 */
final class ManifestStage implements Stage {
    @Override
    public String name() {
        return "manifest";
    }

    @Override
    public String run(BuildState s) {
        try {
            Manifest manifest = Manifest.scan(s.staging);
            if (java.nio.file.Files.isRegularFile(s.work.recorded(), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                // built without root: what the build user owns and the builder did not record (the
                // agent, the Kata units, osbuilder.yaml) the plugin wrote for the guest's root
                String[] owner = s.host.probe().owner().orElse("-1:-1").split(":");
                manifest = manifest.withOwnerAsRoot(Integer.parseInt(owner[0]), Integer.parseInt(owner[1]))
                        .withRecorded(Manifest.read(s.work.recorded()));
            }
            manifest.write(s.work.manifest());
            s.tree = new RootfsTree(s.staging, manifest);
            return manifest.size() + " entries";
        } catch (IOException e) {
            throw RootfsException.environment("Cannot read the tree in " + s.staging + ": " + e.getMessage(), e);
        }
    }
}
