package io.rootfs.core.output;

import io.rootfs.api.BuildLog;
import io.rootfs.api.OutputSpec;

/**
 * What every output needs besides the tree.
 *
 * @param base        the rootfs folder's name, which the files are named after
 * @param epoch       SOURCE_DATE_EPOCH: the time written wherever a format wants one
 * @param agentInit   whether the agent is init (Kata's checks differ)
 * @param facts       what the build settled on (null until the tree is built)
 */
public record OutputContext(String base, OutputSpec spec, long epoch, boolean agentInit, BuildLog log,
        GuestFacts facts) {

    public OutputContext(String base, OutputSpec spec, long epoch, boolean agentInit, BuildLog log) {
        this(base, spec, epoch, agentInit, log, null);
    }

    /** The same, with what the build settled on (known once the tree is built). */
    public OutputContext withFacts(GuestFacts settled) {
        return new OutputContext(base, spec, epoch, agentInit, log, settled);
    }
}
