package io.rootfs.testkit;

import io.rootfs.api.Arch;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The FIXTURE kernel for boot tests: Debian's (package linux-image-amd64, from this machine's
 * Debian mirror), and a small initramfs standing in for what Kata's guest kernel has built in: it
 * loads the virtio, ext4, erofs, xfs, NVDIMM and dm-verity modules, sets up dm-verity from
 * dm-mod.create= (Debian's kernel lacks CONFIG_DM_INIT), mounts the root and starts its /sbin/init.
 */
public final class BootFixture {
    private BootFixture() {
    }

    /** Writes {@code dir/vmlinuz} and {@code dir/modules.initrd}; returns dir. */
    public static Path build(Path dir) {
        try {
            Path modulesRoot = Path.of("/lib/modules");
            String version;
            try (Stream<Path> versions = Files.list(modulesRoot)) {
                version = versions.map(p -> p.getFileName().toString())
                        .filter(v -> Files.isRegularFile(Path.of("/boot/vmlinuz-" + v)))
                        .max(Comparator.naturalOrder())
                        .orElseThrow(() -> new IllegalStateException("No Debian kernel in /boot with modules in /lib/modules:"
                                + " apt-get install linux-image-amd64"));
            }
            Path root = dir.resolve("initramfs");
            Commands.delete(root);
            Files.createDirectories(root.resolve("bin"));
            Files.createDirectories(root.resolve("modules"));
            Files.copy(Path.of("/bin/busybox"), root.resolve("bin/busybox"));
            Path source = dir.resolve("dm-create.c");
            Files.writeString(source, resource("dm-create.c"));
            Commands.run(dir, Map.of(), List.of("gcc", "-static", "-O2", "-o", root.resolve("bin/dm-create").toString(),
                    source.toString()));
            Files.writeString(root.resolve("init"), resource("fixture-init.sh"));
            Files.setPosixFilePermissions(root.resolve("init"), PosixFilePermissions.fromString("rwxr-xr-x"));
            String order = resource("fixture-modules.order");
            Files.writeString(root.resolve("modules.order"), order);
            for (String module : order.split("\\s+")) {
                Path ko;
                try (Stream<Path> all = Files.walk(modulesRoot.resolve(version))) {
                    ko = all.filter(p -> p.getFileName().toString().equals(module + ".ko")).findFirst()
                            .orElseThrow(() -> new IllegalStateException("Debian's kernel " + version + " has no module "
                                    + module));
                }
                Files.copy(ko, root.resolve("modules").resolve(module + ".ko"));
            }
            Commands.run(root, Map.of(), List.of("sh", "-c", "find . | sort | cpio -o -H newc --quiet | gzip -1 > "
                    + dir.resolve("modules.initrd")));
            Files.copy(Path.of("/boot/vmlinuz-" + version), dir.resolve("vmlinuz"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Debian's kernel for a guest of another architecture, as {@code dir/vmlinuz}: the package
     * linux-image-ARCH of this machine's Debian release, from its apt sources, fetched by apt into a
     * state folder of its own ({@code dir/apt}) with none of the host's update hooks, so this machine's
     * apt, dpkg and caches stay as they are.
     * For an initrd boot: the guest's modules are not needed then (its serial console is built in).
     */
    public static Path debianKernel(Path dir, Arch arch) {
        try {
            Path state = dir.resolve("apt");
            Files.createDirectories(state.resolve("lists/partial"));
            Files.createDirectories(state.resolve("cache/archives/partial"));
            Files.writeString(state.resolve("status"), "");
            // no hook of the host's apt.conf.d runs (they refresh the host's own caches after an update)
            Path config = Files.writeString(state.resolve("apt.conf"), "#clear APT::Update::Pre-Invoke;\n"
                    + "#clear APT::Update::Post-Invoke;\n#clear APT::Update::Post-Invoke-Success;\n"
                    + "#clear APT::Update::Post-Invoke-Stats;\n");
            List<String> options = List.of("-q", "-c", config.toString(), "-o", "APT::Architecture=" + arch.debianName(), "-o",
                    "APT::Architectures::=" + arch.debianName(), "-o", "Dir::State::Lists=" + state.resolve("lists"), "-o",
                    "Dir::Cache=" + state.resolve("cache"), "-o", "Dir::State::status=" + state.resolve("status"), "-o",
                    "Debug::NoLocking=1", "-o", "APT::Sandbox::User=root");
            Commands.run(dir, Map.of(), with("apt-get", options, "update"));
            String meta = "linux-image-" + arch.debianName();
            String depends = Commands.run(dir, Map.of(), with("apt-cache", options, "depends", meta));
            java.util.regex.Matcher image = java.util.regex.Pattern.compile("Depends: (linux-image-\\S+)").matcher(depends);
            if (!image.find()) {
                throw new IllegalStateException(meta + " depends on no kernel image:\n" + depends);
            }
            Path unpacked = dir.resolve("unpacked");
            Commands.delete(unpacked);
            Files.createDirectories(unpacked);
            Commands.run(unpacked, Map.of(), with("apt-get", options, "download", image.group(1)));
            Commands.run(unpacked, Map.of(), List.of("sh", "-c", "dpkg-deb --fsys-tarfile ./*.deb | tar -x ./boot"));
            Path kernel;
            try (Stream<Path> boot = Files.list(unpacked.resolve("boot"))) {
                kernel = boot.filter(p -> p.getFileName().toString().startsWith("vmlinuz-")).findFirst()
                        .orElseThrow(() -> new IllegalStateException(image.group(1) + " holds no /boot/vmlinuz-*"));
            }
            Files.move(kernel, dir.resolve("vmlinuz"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Commands.delete(unpacked);
            return dir.resolve("vmlinuz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> with(String program, List<String> options, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(program));
        command.addAll(options);
        command.addAll(List.of(args));
        return command;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = BootFixture.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("testkit resource " + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
