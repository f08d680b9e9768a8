package io.rootfs.core.output;

import io.rootfs.api.OutputSpec;
import io.rootfs.core.RootfsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outputs a build can deliver, by their names in rootfs.formats: {@code directory} (the tree
 * swapped into rootfs.dir) and the files written from the tree beside it.
 */
public final class Outputs {
    /** The tree itself, as the rootfs.dir folder. */
    public static final String DIRECTORY = "directory";
    private static final Map<String, RootfsOutput> FILES = new LinkedHashMap<>();

    static {
        for (RootfsOutput o : List.of(new TarOutput(), new InitrdOutput(), new ImageOutput(), new SbomOutput())) {
            FILES.put(o.format(), o);
        }
    }

    private Outputs() {
    }

    /** Every format name, for messages. */
    public static List<String> known() {
        List<String> all = new ArrayList<>(List.of(DIRECTORY));
        all.addAll(FILES.keySet());
        return all;
    }

    /**
     * The file outputs asked for, checked before any work: known formats only, at least one, and
     * their files beside rootfs.dir free to write (absent, or written by an earlier build of it).
     *
     * @param target the rootfs folder, whose name the files take
     * @param ours   whether an existing file may be replaced: it is in the build directory, or an
     *               earlier build of this target wrote it
     */
    public static List<RootfsOutput> check(OutputSpec spec, Path target, OutputContext context,
            java.util.function.Predicate<Path> ours) {
        if (spec.formats().isEmpty()) {
            throw RootfsException.input("rootfs.formats is empty: give one or more of " + String.join(", ", known())
                    + " (separated by commas).");
        }
        List<RootfsOutput> files = new ArrayList<>();
        checkFree(target, target.getFileName() + ".build.json", ours); // the build report, always written
        for (String format : spec.formats()) {
            if (format.equals(DIRECTORY)) {
                continue;
            }
            RootfsOutput output = FILES.get(format);
            if (output == null) {
                throw RootfsException.input("rootfs.formats names '" + format + "', which is not an output. Known: "
                        + String.join(", ", known()) + ".");
            }
            for (String name : output.fileNames(context)) {
                checkFree(target, name, ours);
            }
            files.add(output);
        }
        return files;
    }

    private static void checkFree(Path target, String name, java.util.function.Predicate<Path> ours) {
        Path file = target.resolveSibling(name);
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)
                && (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || !ours.test(file))) {
            throw RootfsException.input(file + " exists and was not written by a build of " + target
                    + ", so it is left alone: move it away, or choose another -Drootfs.dir.");
        }
    }
}
