package io.rootfs.core.pipeline;

import io.rootfs.core.RootfsException;
import io.rootfs.core.tree.MtimeClamp;
import java.io.IOException;
import java.time.Instant;

/** Every time later than SOURCE_DATE_EPOCH set back to it, so the same inputs give the same tree. */
final class ReproducibleStage implements Stage {
    @Override
    public String name() {
        return "reproducible";
    }

    @Override
    public String run(BuildState s) {
        try {
            int changed = MtimeClamp.clamp(s.staging, s.request.sourceDateEpoch());
            return changed + " entries set to SOURCE_DATE_EPOCH " + Instant.ofEpochSecond(s.request.sourceDateEpoch());
        } catch (IOException e) {
            throw RootfsException.environment("Cannot set the times in " + s.staging + ": " + e.getMessage(), e);
        }
    }
}
