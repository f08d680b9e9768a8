package io.rootfs.nativedeb;

import io.rootfs.core.script.NativeBackendFactory;
import io.rootfs.core.script.ScriptBackend;

/** The native backend for distros built from .deb archives (Debian, Ubuntu). */
public final class NativeDebFactory implements NativeBackendFactory {
    @Override
    public String format() {
        return "deb";
    }

    @Override
    public ScriptBackend create(Request request) {
        return new NativeDebBackend(request);
    }
}
