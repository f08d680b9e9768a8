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
            Path source = dir.resolve("dm-create.c");
            Files.createDirectories(dir);
            Files.writeString(source, resource("dm-create.c"));
            Path dmCreate = dir.resolve("dm-create");
            Commands.run(dir, Map.of(), List.of("gcc", "-static", "-O2", "-o", dmCreate.toString(), source.toString()));
            modulesInitrd(dir, Path.of("/bin/busybox"), modulesRoot.resolve(version), dmCreate);
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
     * apt, dpkg and caches stay as they are. Beside it {@code dir/modules.initrd}, the initramfs
     * {@link #build} makes, for an image boot: that architecture's busybox (package busybox-static)
     * and the kernel's own modules; without the dm-verity helper, which this machine's compiler builds
     * for this machine only (a verity image is booted on x86_64).
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
            Commands.run(unpacked, Map.of(), with("apt-get", options, "download", image.group(1), "busybox-static"));
            Commands.run(unpacked, Map.of(), List.of("sh", "-c", "dpkg-deb --fsys-tarfile ./linux-image-*.deb | tar -x ./boot"
                    + " ./lib/modules && dpkg-deb --fsys-tarfile ./busybox-static_*.deb | tar -x ./bin/busybox"));
            Path kernel;
            try (Stream<Path> boot = Files.list(unpacked.resolve("boot"))) {
                kernel = boot.filter(p -> p.getFileName().toString().startsWith("vmlinuz-")).findFirst()
                        .orElseThrow(() -> new IllegalStateException(image.group(1) + " holds no /boot/vmlinuz-*"));
            }
            String version = kernel.getFileName().toString().substring("vmlinuz-".length());
            modulesInitrd(dir, unpacked.resolve("bin/busybox"), unpacked.resolve("lib/modules").resolve(version), null);
            Files.move(kernel, dir.resolve("vmlinuz"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Commands.delete(unpacked);
            return dir.resolve("vmlinuz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes {@code dir/modules.initrd}: busybox, the FIXTURE init, and the modules of the list from
     * {@code modules} (a kernel's {@code /lib/modules/VERSION}), each a file there or built in (its
     * modules.builtin says so; the init's insmod then fails quietly), and the dm-verity helper when
     * given.
     */
    private static void modulesInitrd(Path dir, Path busybox, Path modules, Path dmCreate) throws IOException {
        Path root = dir.resolve("initramfs");
        Commands.delete(root);
        Files.createDirectories(root.resolve("bin"));
        Files.createDirectories(root.resolve("modules"));
        Files.copy(busybox, root.resolve("bin/busybox"));
        Files.setPosixFilePermissions(root.resolve("bin/busybox"), PosixFilePermissions.fromString("rwxr-xr-x"));
        if (dmCreate != null) {
            Files.copy(dmCreate, root.resolve("bin/dm-create"));
        }
        Files.writeString(root.resolve("init"), resource("fixture-init.sh"));
        Files.setPosixFilePermissions(root.resolve("init"), PosixFilePermissions.fromString("rwxr-xr-x"));
        String order = resource("fixture-modules.order");
        Files.writeString(root.resolve("modules.order"), order);
        Path builtinList = modules.resolve("modules.builtin");
        String builtin = Files.isRegularFile(builtinList) ? Files.readString(builtinList) : "";
        // the kernel's modules by file name (the first found, as each was looked up before), walked once
        Map<String, Path> files = new java.util.HashMap<>();
        try (Stream<Path> all = Files.walk(modules)) {
            all.forEach(p -> files.putIfAbsent(p.getFileName().toString(), p));
        }
        for (String module : order.split("\\s+")) {
            Path ko = files.get(module + ".ko");
            if (ko != null) {
                Files.copy(ko, root.resolve("modules").resolve(module + ".ko"));
            } else if (!builtin.contains("/" + module + ".ko\n")) {
                throw new IllegalStateException("The kernel of " + modules + " has no module " + module
                        + ", neither as a file nor built in");
            }
        }
        Commands.run(root, Map.of(), List.of("sh", "-c", "find . | sort | cpio -o -H newc --quiet | gzip -1 > "
                + dir.resolve("modules.initrd")));
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
