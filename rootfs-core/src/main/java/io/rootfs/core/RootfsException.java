package io.rootfs.core;

/** A build that cannot go on; {@link #isUserError()} tells a mistake in the input from a broken environment. */
public class RootfsException extends RuntimeException {
    private final boolean userError;

    private RootfsException(String message, boolean userError, Throwable cause) {
        super(message, cause);
        this.userError = userError;
    }

    /** The user asked for something we cannot use; the message names the parameter and the fix. */
    public static RootfsException input(String message) {
        return new RootfsException(message, true, null);
    }

    /** This machine lacks something the build needs; the message says what was probed. */
    public static RootfsException environment(String message) {
        return new RootfsException(message, false, null);
    }

    public static RootfsException environment(String message, Throwable cause) {
        return new RootfsException(message, false, cause);
    }

    public boolean isUserError() {
        return userError;
    }
}
