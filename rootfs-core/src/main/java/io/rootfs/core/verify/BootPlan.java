package io.rootfs.core.verify;

import io.rootfs.api.Arch;
import io.rootfs.api.BuildLog;
import io.rootfs.core.RootfsException;
import io.rootfs.core.json.JsonReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The boots that prove a build's outputs, read from its report ({@code rootfs.build.json}): the
 * image on a virtio disk, the image as an NVDIMM when it carries the DAX header and is a whole
 * number of 128 MiB memory blocks (as Kata's runtime maps it), and the initrd; a verity image gets
 * the kernel parameters the build wrote. They are for the architecture the build was for.
 *
 * @param arch  the guest's architecture, which its qemu is
 * @param boots the boots, the image's first
 */
public record BootPlan(Arch arch, List<GuestBoot> boots) {
    public BootPlan {
        boots = List.copyOf(boots);
    }

    /**
     * The plan for the build whose report is {@code report}.
     *
     * @param given rootfs.arch, which must agree with the report (blank or null: the report's, or
     *              without one this machine's)
     * @param log   told of a boot the architecture's qemu cannot run
     */
    public static BootPlan read(Path report, String given, BuildLog log) {
        Map<String, Object> r = read(report);
        Arch arch = arch(r, report, given);
        return new BootPlan(arch, boots(r, arch, log));
    }

    private static Arch arch(Map<String, Object> r, Path report, String given) {
        Object written = r.get("arch");
        Arch built = null;
        if (written != null) {
            try {
                built = Arch.parse((String) written);
            } catch (ClassCastException | IllegalArgumentException e) {
                throw RootfsException.input("The build's report " + report + " names no architecture this plugin knows"
                        + " (\"arch\": " + written + "): build again (mvn package), with the same rootfs.dir.");
            }
        }
        if (given == null || given.isBlank()) {
            return built != null ? built : Arch.host();
        }
        Arch wanted;
        try {
            wanted = Arch.parse(given);
        } catch (IllegalArgumentException e) {
            throw RootfsException.input("rootfs.arch: " + e.getMessage());
        }
        if (built != null && built != wanted) {
            throw RootfsException.input("rootfs.arch=" + given.trim() + ", but the build in " + report + " is for " + built
                    + ": rootfs:verify boots what was built. Leave rootfs.arch out, or build for " + wanted + " first.");
        }
        return wanted;
    }

    @SuppressWarnings("unchecked")
    private static List<GuestBoot> boots(Map<String, Object> r, Arch arch, BuildLog log) {
        List<GuestBoot> boots = new ArrayList<>();
        String image = null;
        String params = null;
        for (Object o : (List<Object>) r.getOrDefault("outputs", List.of())) {
            Map<String, Object> out = (Map<String, Object>) o;
            String file = (String) out.get("file");
            if ("image".equals(out.get("format"))) {
                if (file.endsWith(".img")) {
                    image = file;
                } else if (file.endsWith(".kernel-params.txt")) {
                    params = file;
                }
            } else if ("initrd".equals(out.get("format"))) {
                boots.add(new GuestBoot("initrd", List.of(), "", false, file, 0));
            }
        }
        if (image != null) {
            String fs = fileSystem(Path.of(image));
            String root;
            try {
                root = params == null ? "root=/dev/vda1" : Files.readString(Path.of(params)).trim();
            } catch (IOException e) {
                throw RootfsException.input("Cannot read " + params + ": " + e.getMessage());
            }
            boots.add(0, new GuestBoot("image", List.of("-drive", "file=" + image + ",if=virtio,format=raw,readonly=on"),
                    root + " rootfstype=" + fs + " ro", true, null, 0));
            long size = Path.of(image).toFile().length();
            // mapped as an NVDIMM, as Kata's runtime maps an image with the DAX header; the mapping must
            // be a whole number of memory blocks, which Kata's size rule gives ext4 and xfs (not erofs)
            boolean dax = hasDaxHeader(Path.of(image)) && size % (128L << 20) == 0;
            QemuTarget qemu = QemuTarget.of(arch);
            if (dax && qemu.noNvdimm() != null) {
                log.info("Boot image-nvdimm left out: qemu's " + qemu.machine() + " machine for " + arch
                        + " does not boot an NVDIMM with the kernel started directly (" + qemu.noNvdimm() + ")");
            } else if (dax) {
                boots.add(1, new GuestBoot("image-nvdimm", List.of("-object", "memory-backend-file,id=mem0,share=off,"
                        + "mem-path=" + image + ",size=" + size, "-device", "nvdimm,id=nv0,memdev=mem0,unarmed=on"),
                        root.replace("/dev/vda", "/dev/pmem0p") + " rootfstype=" + fs + " ro"
                                + (fs.equals("erofs") ? "" : " rootflags=dax"), true, null, size));
            }
        }
        return boots;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(Path report) {
        try {
            return (Map<String, Object>) JsonReader.read(Files.readString(report));
        } catch (IOException | RuntimeException e) {
            throw RootfsException.input("Cannot read the build's report " + report + " (" + e.getMessage() + "): run"
                    + " rootfs:build first (mvn package), with the same rootfs.dir.");
        }
    }

    /** The image's file system, from its superblock: ext4, xfs or erofs. */
    static String fileSystem(Path image) {
        try (var f = new java.io.RandomAccessFile(image.toFile(), "r")) {
            long start = hasDaxHeader(image) ? 3L << 20 : 1L << 20;
            byte[] b = new byte[4096];
            f.seek(start);
            f.readFully(b);
            if (b[0] == 'X' && b[1] == 'F' && b[2] == 'S' && b[3] == 'B') {
                return "xfs";
            }
            if ((b[1024] & 0xff) == 0xe2 && (b[1025] & 0xff) == 0xe1 && (b[1026] & 0xff) == 0xf5 && (b[1027] & 0xff) == 0xe0) {
                return "erofs";
            }
            return "ext4";
        } catch (IOException e) {
            throw RootfsException.input("Cannot read the image " + image + ": " + e.getMessage());
        }
    }

    static boolean hasDaxHeader(Path image) {
        try (var f = new java.io.RandomAccessFile(image.toFile(), "r")) {
            byte[] b = new byte[15];
            f.seek(4096);
            f.readFully(b);
            return new String(b, java.nio.charset.StandardCharsets.US_ASCII).equals("NVDIMM_PFN_INFO");
        } catch (IOException e) {
            return false;
        }
    }
}
