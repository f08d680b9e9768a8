package io.rootfs.api;

/** Where the engine reports progress; the Maven plugin adapts its own log to it. */
public interface BuildLog {
    void info(String line);

    void warn(String line);

    void debug(String line);

    /** A log that prints info and warnings to standard error, for tools and tests. */
    static BuildLog stderr() {
        return new BuildLog() {
            @Override
            public void info(String line) {
                System.err.println("[INFO] " + line);
            }

            @Override
            public void warn(String line) {
                System.err.println("[WARNING] " + line);
            }

            @Override
            public void debug(String line) {
            }
        };
    }
}
