package io.rootfs.core.distro;

import io.rootfs.api.DistroDescriptor;
import io.rootfs.core.RootfsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds a distro by what the user typed: {@code g:a:v} coordinates, a folder holding config.sh,
 * the name of a subfolder of the distros folder, or the id of a bundled distro.
 */
public final class DistroResolver {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final BundledDistros bundled;
    private final Path distrosDir;
    private final Path projectDir;
    private final ArtifactResolver artifacts;

    /** Resolving writes nothing: a distro jar is read in place, and unpacked only by the build ({@link Distro#unpackedInto}). */
    public DistroResolver(BundledDistros bundled, Path distrosDir, Path projectDir, ArtifactResolver artifacts) {
        this.bundled = bundled;
        this.distrosDir = distrosDir;
        this.projectDir = projectDir;
        this.artifacts = artifacts;
    }

    public Distro resolve(String name) {
        String wanted = name == null ? "" : name.trim();
        if (wanted.isEmpty()) {
            throw RootfsException.input("No distro given. Set -Ddistro=ID (one of " + String.join(", ", knownIds())
                    + "), or run mvn rootfs:list to see them all.");
        }
        if (wanted.contains(":")) {
            return fromArtifact(wanted, null, DistroSource.COORDINATES);
        }
        if (wanted.contains("/")) {
            Path folder = projectDir.resolve(wanted).normalize();
            if (!Files.isRegularFile(folder.resolve("config.sh"))) {
                throw RootfsException.input("Distro folder " + folder + " holds no config.sh. A distro folder is what"
                        + " Kata's rootfs-builder uses (config.sh, rootfs_lib.sh); mvn rootfs:scaffold -Dname=NAME writes one.");
            }
            return local(folder);
        }
        if (!ID.matcher(wanted).matches()) {
            throw unknown(wanted);
        }
        Path folder = distrosDir.resolve(wanted);
        if (Files.isRegularFile(folder.resolve("config.sh"))) {
            return local(folder);
        }
        Optional<String> module = artifacts.inReactor(wanted);
        if (module.isPresent()) {
            return fromArtifact(module.get(), null, DistroSource.REACTOR);
        }
        if (bundled.ids().contains(wanted)) {
            return fromArtifact(bundled.coordinates(wanted), wanted, DistroSource.BUNDLED);
        }
        throw unknown(wanted);
    }

    /**
     * Every distro this build can see: local folders first, then the bundled ones, then the given
     * coordinates. An artifact that does not resolve (offline, a typo) is reported, not fatal, so
     * the others still show.
     */
    public Catalog all(List<String> coordinates) {
        List<Distro> found = new ArrayList<>();
        List<String> unresolved = new ArrayList<>();
        for (Path folder : localFolders()) {
            try {
                found.add(local(folder));
            } catch (RootfsException e) {
                unresolved.add(e.getMessage());
            }
        }
        for (String id : bundled.ids()) {
            tryArtifact(bundled.coordinates(id), id, DistroSource.BUNDLED, found, unresolved);
        }
        for (String c : coordinates) {
            tryArtifact(c, null, DistroSource.COORDINATES, found, unresolved);
        }
        return new Catalog(found, unresolved);
    }

    /** What {@link #all} found, and why each artifact it could not use failed. */
    public record Catalog(List<Distro> distros, List<String> unresolved) {
    }

    private void tryArtifact(String coordinates, String id, DistroSource source, List<Distro> found,
            List<String> unresolved) {
        try {
            found.add(fromArtifact(coordinates, id, source));
        } catch (RootfsException e) {
            unresolved.add(e.getMessage());
        }
    }

    private RootfsException unknown(String wanted) {
        TreeSet<String> known = knownIds();
        String hint = Suggestions.closest(wanted, known).map(s -> " Did you mean '" + s + "'?").orElse("");
        return RootfsException.input("Unknown distro '" + wanted + "'." + hint + " Known: " + String.join(", ", known)
                + ". Run mvn rootfs:list to see them, or give full coordinates (-Ddistro=groupId:artifactId:version).");
    }

    private TreeSet<String> knownIds() {
        TreeSet<String> known = new TreeSet<>(bundled.ids());
        localFolders().forEach(f -> known.add(f.getFileName().toString()));
        return known;
    }

    private List<Path> localFolders() {
        if (!Files.isDirectory(distrosDir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(distrosDir)) {
            return children.filter(c -> Files.isRegularFile(c.resolve("config.sh"))).sorted().toList();
        } catch (IOException e) {
            throw RootfsException.environment("Cannot list distro folders in " + distrosDir + ": " + e.getMessage(), e);
        }
    }

    private Distro local(Path folder) {
        String id = folder.getFileName().toString();
        Path descriptorFile = folder.resolve(DistroDescriptor.FILE);
        DistroDescriptor descriptor;
        try {
            descriptor = DistroDescriptor.ofFolder(id);
            if (Files.isRegularFile(descriptorFile)) {
                Properties p = new Properties();
                try (InputStream in = Files.newInputStream(descriptorFile)) {
                    p.load(in);
                }
                descriptor = DistroDescriptor.fromProperties(p, id);
            }
        } catch (IOException e) {
            throw RootfsException.environment("Cannot read " + descriptorFile + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw RootfsException.input("Distro folder " + folder + " is not usable: " + e.getMessage()
                    + ". Rename the folder or fix its " + DistroDescriptor.FILE + ".");
        }
        return new Distro(descriptor, ConfigSh.read(folder.resolve("config.sh")), folder, null, DistroSource.LOCAL,
                folder.toString());
    }

    private Distro fromArtifact(String coordinates, String id, DistroSource source) {
        Path jar = artifacts.resolve(coordinates);
        if (Files.isDirectory(jar)) {
            // a module of this build not packaged yet: its folder is what its jar will hold
            Distro folder = local(jar);
            return new Distro(folder.descriptor(), folder.config(), folder.folder(), null, DistroSource.REACTOR,
                    coordinates + " (the module's folder " + jar + ")");
        }
        return DistroJar.read(jar, id == null ? artifactIdOf(coordinates) : id, source, coordinates);
    }

    private static String artifactIdOf(String coordinates) {
        String[] parts = coordinates.split(":");
        String artifactId = parts.length > 1 ? parts[1] : coordinates;
        return artifactId.startsWith(BundledDistros.ARTIFACT_PREFIX)
                ? artifactId.substring(BundledDistros.ARTIFACT_PREFIX.length()) : artifactId;
    }
}
