package io.rootfs.core.verify;

import java.util.List;

/**
 * One way to boot what a build made: its name, what qemu is given besides the kernel, and the
 * kernel parameters that find the root.
 *
 * @param initramfs whether the settings' initramfs goes along (an image needs it to mount its root;
 *                  an initrd is the root itself)
 * @param initrd    the guest's own initrd, for the initrd boot; else null
 * @param nvdimmBytes the size of an image mapped as an NVDIMM (the machine then gets slots for it), else 0
 */
public record GuestBoot(String name, List<String> qemuArgs, String append, boolean initramfs, String initrd,
        long nvdimmBytes) {
    public GuestBoot {
        qemuArgs = List.copyOf(qemuArgs);
    }
}
