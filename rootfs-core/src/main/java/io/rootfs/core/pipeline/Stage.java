package io.rootfs.core.pipeline;

/** One step of a build: it works on the build's state and says, in a line for the log, what it did. */
interface Stage {
    /** The name in the log's "Stage NAME: ..." line. */
    String name();

    /** Does the stage's work; returns what it did, for the log. */
    String run(BuildState state);
}
