package io.rootfs.core.pipeline;

/** Delivers the tree: swapped into rootfs.dir, the previous rootfs removed only then. */
final class OutputStage implements Stage {
    @Override
    public String name() {
        return "output";
    }

    @Override
    public String run(BuildState s) {
        s.prepared.output().commit();
        s.tree = new io.rootfs.core.tree.RootfsTree(s.prepared.output().target(), s.tree.manifest());
        return "swapped into " + s.prepared.output().target() + ", the previous rootfs removed";
    }
}
