package io.rootfs.core.verify;

import io.rootfs.api.Arch;

/**
 * What qemu needs to boot a guest of an architecture: its program and the Debian package that has
 * it, the machine type, the CPU where the machine's own would not run the guest (virt's default is
 * a 32-bit one; {@code max} is every feature under TCG and the host's CPU under KVM), and the serial
 * console the guest kernel writes to; and why the machine does not boot the NVDIMM Kata's runtime
 * maps, with the kernel started directly (null where it does).
 *
 * @param noNvdimm on virt an NVDIMM needs ACPI, which needs UEFI firmware ("memory hotplug is not
 *                 enabled: missing acpi-ged device"); pseries has one of another kind; s390-ccw-virtio none
 */
record QemuTarget(String program, String aptPackage, String machine, String cpu, String console, String noNvdimm) {
    static QemuTarget of(Arch arch) {
        return switch (arch) {
            case X86_64 -> new QemuTarget("qemu-system-x86_64", "qemu-system-x86", "pc", null, "ttyS0", null);
            case AARCH64 -> new QemuTarget("qemu-system-aarch64", "qemu-system-arm", "virt", "max", "ttyAMA0",
                    "it needs firmware with ACPI");
            case PPC64LE -> new QemuTarget("qemu-system-ppc64", "qemu-system-ppc", "pseries", null, "hvc0",
                    "its NVDIMM is of another kind, spapr-nvdimm");
            case S390X -> new QemuTarget("qemu-system-s390x", "qemu-system-misc", "s390-ccw-virtio", null, "ttysclp0",
                    "it has none");
        };
    }
}
