package io.rootfs.container;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BuildResponseItem;
import io.rootfs.api.BuildLog;
import io.rootfs.core.RootfsException;
import io.rootfs.core.script.ScriptOutput;
import io.rootfs.core.tree.Trees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The image a container build runs in: the one named by {@code rootfs.builderImage}, or the
 * distro's {@code Dockerfile.in} with its placeholders filled, built once and then reused under a
 * tag that is the hash of the filled Dockerfile.
 */
public final class BuilderImage {
    static final String DOCKERFILE_IN = "Dockerfile.in";
    private static final Pattern PLACEHOLDER = Pattern.compile("@([A-Z_]+)@");

    private final DockerClient docker;
    private final BuildLog log;

    public BuilderImage(DockerClient docker, BuildLog log) {
        this.docker = docker;
        this.log = log;
    }

    /** The named image, which must be on the engine already (builds never pull implicitly). */
    public String named(String image) {
        try {
            docker.inspectImageCmd(image).exec();
            log.info("Builder image: " + image + " (rootfs.builderImage)");
            return image;
        } catch (NotFoundException e) {
            throw RootfsException.input("rootfs.builderImage=" + image + " is not on the container engine. Pull or"
                    + " build it first (podman pull " + image + " / docker pull " + image + "), or leave"
                    + " rootfs.builderImage unset to build the distro's Dockerfile.in.");
        }
    }

    /**
     * Builds (or reuses) the image from {@code distroFolder/Dockerfile.in}.
     *
     * @param values  the placeholders' values, e.g. {@code OS_VERSION}
     * @param context scratch folder for the build context
     */
    public String fromDockerfile(String distroId, Path distroFolder, Map<String, String> values,
            Map<String, String> buildArgs, Path context) {
        Path in = distroFolder.resolve(DOCKERFILE_IN);
        if (!Files.isRegularFile(in)) {
            throw RootfsException.input("Distro " + distroId + " has no " + DOCKERFILE_IN + " in " + distroFolder
                    + ", so there is no builder image to build. Add one, or name an image with -Drootfs.builderImage.");
        }
        String dockerfile = fill(read(in), values, distroId);
        String tag = "localhost/rootfs-builder-" + repositoryName(distroId) + ":" + sha256(dockerfile).substring(0, 12);
        try {
            docker.inspectImageCmd(tag).exec();
            log.info("Builder image: " + tag + " (from " + distroId + "'s Dockerfile.in, built before)");
            return tag;
        } catch (NotFoundException notYet) {
            // build it
        }
        log.info("Builder image: building " + tag + " from " + distroId + "'s Dockerfile.in");
        Path dir = writeContext(distroFolder, dockerfile, context);
        ScriptOutput output = new ScriptOutput(log);
        var cmd = docker.buildImageCmd().withBaseDirectory(dir.toFile()).withDockerfile(dir.resolve("Dockerfile").toFile())
                .withTags(Set.of(tag)).withPull(false).withRemove(true).withNetworkMode("host");
        buildArgs.forEach(cmd::withBuildArg);
        try {
            cmd.exec(new BuildImageResultCallback() {
                @Override
                public void onNext(BuildResponseItem item) {
                    if (item.getStream() != null) {
                        output.chunk(item.getStream());
                    }
                    super.onNext(item);
                }
            }).awaitImageId();
        } catch (RuntimeException e) {
            output.end();
            throw RootfsException.environment("Building the builder image from " + in + " failed: " + e.getMessage()
                    + ". Its FROM image must be on the engine or pullable; or name a ready image with"
                    + " -Drootfs.builderImage.", e);
        }
        output.end();
        return tag;
    }

    /** A distro id as an image repository name allows it: lower case, separators only between letters and digits. */
    static String repositoryName(String distroId) {
        String name = distroId.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return name.isEmpty() ? "distro" : name;
    }

    /** Replaces {@code @NAME@} placeholders; one without a value is an error naming the known ones. */
    static String fill(String template, Map<String, String> values, String distroId) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw RootfsException.input(distroId + "/" + DOCKERFILE_IN + " uses @" + m.group(1) + "@, which the"
                        + " plugin does not fill. Known: " + String.join(", ", values.keySet().stream()
                                .map(k -> "@" + k + "@").toList()) + ".");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The values Kata's Dockerfile.in files use. */
    public static Map<String, String> placeholders(String osVersion, String arch) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("OS_VERSION", osVersion);
        values.put("ARCH", arch);
        values.put("SET_PROXY", ""); // proxies arrive as build arguments instead
        values.put("INSTALL_RUST", ""); // the agent is not built here
        return values;
    }

    private static Path writeContext(Path distroFolder, String dockerfile, Path context) {
        try {
            Trees.deleteIfExists(context);
            Files.createDirectories(context);
            try (Stream<Path> files = Files.list(distroFolder)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(f, context.resolve(f.getFileName()));
                }
            }
            Files.writeString(context.resolve("Dockerfile"), dockerfile);
            return context;
        } catch (IOException e) {
            throw RootfsException.environment("Cannot write the image build context " + context + ": " + e.getMessage(), e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw RootfsException.environment("Cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
