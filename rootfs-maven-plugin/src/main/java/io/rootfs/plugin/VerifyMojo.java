package io.rootfs.plugin;

import io.rootfs.api.Arch;
import io.rootfs.core.RootfsException;
import io.rootfs.core.output.WorkFolder;
import io.rootfs.core.verify.BootPlan;
import io.rootfs.core.verify.BootSettings;
import io.rootfs.core.verify.GuestBoot;
import io.rootfs.core.verify.QemuBoot;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Boots what rootfs:build made under qemu and waits for the agent: the image on a virtio disk,
 * the image as an NVDIMM when it has the DAX header, and the initrd. Software emulation by default.
 */
@Mojo(name = "verify", defaultPhase = LifecyclePhase.VERIFY, requiresProject = false, threadSafe = true)
public class VerifyMojo extends AbstractRootfsMojo {
    /** The rootfs folder the build wrote (its report, NAME.build.json, lies beside it). */
    @Parameter(property = "rootfs.dir")
    File rootfsDir;

    /** The guest kernel: a file, or Maven coordinates g:a[:ext[:classifier]]:v. */
    @Parameter(property = "rootfs.kernel")
    String kernel;

    /**
     * An initramfs that mounts the image's root and starts its /sbin/init, for a kernel that needs
     * modules for that (Kata's kernel does not): a file or coordinates.
     */
    @Parameter(property = "rootfs.verify.initramfs")
    String initramfs;

    /** qemu's machine type; by default the guest architecture's usual one (pc, virt, pseries, s390-ccw-virtio). */
    @Parameter(property = "rootfs.verify.machine")
    String machine;

    /** The guest's memory in MiB (an initrd needs room for itself and the unpacked tree). */
    @Parameter(property = "rootfs.verify.memory", defaultValue = "1024")
    int memory;

    /** Use KVM instead of software emulation. */
    @Parameter(property = "rootfs.verify.kvm", defaultValue = "false")
    boolean kvm;

    /** Seconds each boot may take. */
    @Parameter(property = "rootfs.verify.timeout", defaultValue = "300")
    int timeout;

    /** The console line that says the guest is up: by default the kata-agent's announce line. */
    @Parameter(property = "rootfs.verify.waitFor", defaultValue = "\"msg\":\"announce\"")
    String waitFor;

    /** More kernel parameters. */
    @Parameter(property = "rootfs.verify.append", defaultValue = "")
    String append;

    /** The boots to run, separated by commas: image, image-nvdimm, initrd. Default: all the build's outputs allow. */
    @Parameter(property = "rootfs.verify.boots")
    String boots;

    /** The guest architecture (the qemu that boots it): by default the one the build was for, which it must match. */
    @Parameter(property = "rootfs.arch")
    String arch;

    /** Skip this goal. */
    @Parameter(property = "rootfs.verify.skip", defaultValue = "false")
    boolean verifySkip;

    /** Skips the boots, as it skips other tests. */
    @Parameter(property = "skipTests", defaultValue = "false")
    boolean skipTests;

    /** Skips the boots, as it skips other integration tests. */
    @Parameter(property = "skipITs", defaultValue = "false")
    boolean skipITs;

    @Override
    String goal() {
        return "verify";
    }

    @Override
    void run() {
        if (verifySkip || skipTests || skipITs) {
            getLog().info("Skipping rootfs:verify (" + (verifySkip ? "rootfs.verify.skip" : skipTests ? "skipTests"
                    : "skipITs") + "=true)");
            return;
        }
        if (kernel == null || kernel.isBlank()) {
            getLog().warn("rootfs:verify boots nothing: no kernel given. Set -Drootfs.kernel=/path/to/vmlinuz (or Maven"
                    + " coordinates of one), such as the kernel Kata ships, to boot the guest in the build.");
            return;
        }
        Path dir = rootfsDir == null ? buildDir().resolve("rootfs") : projectDir().resolve(rootfsDir.getPath());
        Path report = dir.resolveSibling(dir.getFileName() + ".build.json");
        List<String> wanted = BuildMojo.words(boots);
        BootPlan built = BootPlan.read(report, arch, buildLog());
        Arch guest = built.arch();
        List<GuestBoot> plan = built.boots().stream()
                .filter(b -> wanted.isEmpty() || wanted.contains(b.name())).toList();
        if (plan.isEmpty()) {
            throw RootfsException.input("Nothing to boot in " + report + ": build an image or an initrd (rootfs.formats)"
                    + (wanted.isEmpty() ? "" : ", or name boots it made in rootfs.verify.boots"));
        }
        BootSettings settings = new BootSettings(file("rootfs.kernel", kernel),
                initramfs == null || initramfs.isBlank() ? null : file("rootfs.verify.initramfs", initramfs), machine,
                memory, kvm, Duration.ofSeconds(timeout), waitFor, append == null ? "" : append, wanted,
                WorkFolder.beside(dir).resolve("verify"));
        QemuBoot qemu = new QemuBoot(settings, buildLog());
        StringBuilder times = new StringBuilder();
        for (GuestBoot boot : plan) {
            double seconds = qemu.run(boot, guest);
            times.append(String.format(Locale.ROOT, "%s%s %.1f s", times.length() == 0 ? "" : ", ", boot.name(), seconds));
        }
        getLog().info("Verified: the guest came up in every boot (" + times + ")");
    }

    /** A file as given, or Maven coordinates resolved through the project's repositories. */
    private Path file(String parameter, String value) {
        Path path = projectDir().resolve(value.trim());
        if (Files.isRegularFile(path)) {
            return path;
        }
        if (value.contains(":") && !value.contains("/")) {
            return new MavenArtifactResolver(repositorySystem, session.getRepositorySession(),
                    project.getRemoteProjectRepositories(), parameter).resolve(value.trim());
        }
        throw RootfsException.input(parameter + "=" + value + " is not a file nor Maven coordinates.");
    }
}
