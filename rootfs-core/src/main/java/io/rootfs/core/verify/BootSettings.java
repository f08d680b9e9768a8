package io.rootfs.core.verify;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How the guest is booted to prove it works.
 *
 * @param kernel    the guest kernel (Kata's, or any that boots the guest's architecture)
 * @param initramfs an initramfs that mounts the image's root and hands over to its /sbin/init, for
 *                  a kernel that builds as modules what Kata's kernel has built in; null for none
 * @param machine   qemu's machine type; null or blank for the guest architecture's usual one (pc, virt, pseries,
 *                  s390-ccw-virtio)
 * @param kvm       software emulation (TCG) when false: KVM is often missing or nested
 * @param waitFor   the console line that says the guest is up (the agent's start-up line)
 * @param append    more kernel parameters
 * @param boots     which boots to run, by name ({@code image}, {@code image-nvdimm}, {@code initrd}); empty for all
 * @param logs      where each boot's whole console output is kept
 */
public record BootSettings(Path kernel, Path initramfs, String machine, int memoryMiB, boolean kvm, Duration timeout,
        String waitFor, String append, List<String> boots, Path logs) {
    public BootSettings {
        boots = List.copyOf(boots);
    }
}
