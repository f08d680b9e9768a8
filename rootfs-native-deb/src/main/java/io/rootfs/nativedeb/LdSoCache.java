package io.rootfs.nativedeb;

import io.rootfs.core.check.ElfFile;
import io.rootfs.core.tree.GuestPath;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /etc/ld.so.cache} as {@code ldconfig} writes it (glibc's "glibc-ld.so.cache1.1" format),
 * without running the guest's ldconfig: the shared libraries of the folders {@code /etc/ld.so.conf}
 * names and of the architecture's own folders, each by its {@code DT_SONAME} read from the ELF
 * file, in the order the dynamic loader's binary search expects. Works for a guest of any
 * architecture (the byte order and flags follow the libraries').
 */
final class LdSoCache {
    private static final byte[] MAGIC = "glibc-ld.so.cache1.1".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = 48;
    private static final int ENTRY = 24;
    private static final int EXTENSION_MAGIC = 0xeaa42174;
    /** glibc's FLAG_ELF_LIBC6: an ELF library for glibc. */
    private static final int ELF_LIBC6 = 0x0003;

    private record Lib(String soname, String path, int flags) {
    }

    private LdSoCache() {
    }

    /**
     * Writes the cache; returns how many libraries it lists.
     *
     * @param multiarch the architecture's library folders ({@code /lib/x86_64-linux-gnu}, {@code /usr/lib/...})
     * @param generator who made it (ldconfig names itself here)
     */
    static int write(GuestPath guest, List<String> multiarch, String generator) throws IOException {
        List<String> dirs = new ArrayList<>();
        conf(guest, "etc/ld.so.conf", dirs, new java.util.HashSet<>());
        dirs.addAll(multiarch);
        List<Lib> libs = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        ByteOrder[] order = {null};
        for (String dir : dirs) {
            Path real = guest.resolve(dir.replaceFirst("^/+", ""));
            if (!Files.isDirectory(real) || !seen.add(real)) {
                continue; // a folder reached twice (merged /usr: /lib/X is /usr/lib/X) is read once
            }
            scan(guest, dir.replaceFirst("/+$", ""), real, libs, order);
        }
        libs.sort((a, b) -> {
            int c = compareNames(b.soname(), a.soname());
            return c != 0 ? c : Integer.compare(b.flags(), a.flags());
        });
        byte[] cache = encode(libs, order[0] == null ? ByteOrder.LITTLE_ENDIAN : order[0], generator);
        guest.mkdirs("etc");
        Path file = guest.parentResolved("etc/ld.so.cache");
        Files.deleteIfExists(file);
        Files.write(file, cache);
        return libs.size();
    }

    /** The folders of an ld.so.conf file, its {@code include}s followed (inside the tree, each file once). */
    private static void conf(GuestPath guest, String file, List<String> dirs, Set<String> read) throws IOException {
        if (!read.add(file) || read.size() > 1000) {
            return;
        }
        for (String raw : GuestFiles.text(guest, file).orElse("").split("\n")) {
            String line = raw.replaceFirst("#.*", "").strip();
            if (line.startsWith("include ")) {
                String pattern = line.substring(8).strip();
                String folder = pattern.substring(0, pattern.lastIndexOf('/') + 1);
                java.nio.file.PathMatcher glob;
                try {
                    glob = java.nio.file.FileSystems.getDefault().getPathMatcher("glob:"
                            + pattern.substring(pattern.lastIndexOf('/') + 1));
                } catch (IllegalArgumentException notAGlob) {
                    continue; // ldconfig warns and goes on
                }
                for (String name : GuestFiles.names(guest, folder)) {
                    if (glob.matches(Path.of(name))) {
                        conf(guest, (folder + name).replaceFirst("^/+", ""), dirs, read);
                    }
                }
            } else if (line.startsWith("/") && !dirs.contains(line.split("[\\s=]")[0])) {
                dirs.add(line.split("[\\s=]")[0]);
            }
        }
    }

    private static void scan(GuestPath guest, String guestDir, Path dir, List<Lib> libs, ByteOrder[] order)
            throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            s.forEach(p -> names.add(p.getFileName().toString()));
        }
        names.sort(null);
        Set<String> sonames = new HashSet<>();
        for (String name : names) {
            if (!(name.startsWith("lib") || name.startsWith("ld-")) || !name.contains(".so")) {
                continue;
            }
            // a link is followed as the guest would follow it: inside the tree
            Path f = guest.resolve(guestDir.replaceFirst("^/+", "") + "/" + name);
            if (!Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            Elf elf = Elf.read(f);
            if (elf == null) {
                continue;
            }
            String soname = elf.soname() != null ? elf.soname() : name;
            if (sonames.add(soname)) {
                libs.add(new Lib(soname, guestDir + "/" + soname, ELF_LIBC6 | elf.archFlag()));
                order[0] = elf.order();
            }
        }
    }

    private static byte[] encode(List<Lib> libs, ByteOrder order, String generator) {
        // the strings: every path, and each soname as the tail of its path (as ldconfig shares them)
        ByteArrayOutputStream strings = new ByteArrayOutputStream();
        Map<String, Integer> at = new LinkedHashMap<>();
        int base = HEADER + libs.size() * ENTRY;
        for (Lib lib : libs) {
            if (!at.containsKey(lib.path())) {
                at.put(lib.path(), base + strings.size());
                strings.writeBytes((lib.path() + "\0").getBytes(StandardCharsets.UTF_8));
            }
        }
        int extension = align4(base + strings.size());
        byte[] gen = generator.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(extension + 8 + 16 + gen.length).order(order);
        b.put(MAGIC).putInt(libs.size()).putInt(strings.size());
        b.put((byte) (order == ByteOrder.LITTLE_ENDIAN ? 2 : 3)).put(new byte[3]);
        b.putInt(extension).put(new byte[12]);
        for (Lib lib : libs) {
            int path = at.get(lib.path());
            int tail = lib.path().getBytes(StandardCharsets.UTF_8).length - lib.soname().getBytes(StandardCharsets.UTF_8).length;
            b.putInt(lib.flags()).putInt(path + tail).putInt(path).putInt(0).putLong(0);
        }
        b.put(strings.toByteArray());
        b.position(extension);
        // one extension section: the generator (tag 0)
        b.putInt(EXTENSION_MAGIC).putInt(1).putInt(0).putInt(0).putInt(extension + 24).putInt(gen.length).put(gen);
        return b.array();
    }

    private static int align4(int n) {
        return (n + 3) & ~3;
    }

    /** glibc's {@code _dl_cache_libcmp}: names compared with their digit runs as numbers. */
    static int compareNames(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length()) {
            char x = a.charAt(i);
            char y = j < b.length() ? b.charAt(j) : '\0';
            if (Character.isDigit(x)) {
                if (!Character.isDigit(y)) {
                    return 1;
                }
                long v1 = 0;
                long v2 = 0;
                while (i < a.length() && Character.isDigit(a.charAt(i))) {
                    v1 = v1 * 10 + a.charAt(i++) - '0';
                }
                while (j < b.length() && Character.isDigit(b.charAt(j))) {
                    v2 = v2 * 10 + b.charAt(j++) - '0';
                }
                if (v1 != v2) {
                    return Long.compare(v1, v2);
                }
            } else if (Character.isDigit(y)) {
                return -1;
            } else if (x != y) {
                return x - y;
            } else {
                i++;
                j++;
            }
        }
        return j < b.length() ? -b.charAt(j) : 0;
    }

    /** What the cache needs of an ELF shared object: its soname, byte order and architecture. */
    record Elf(String soname, ByteOrder order, int machine, boolean is64) {
        /** glibc's per-architecture cache flag (FLAG_X8664_LIB64, FLAG_AARCH64_LIB64 ...). */
        int archFlag() {
            return switch (machine) {
                case ElfFile.EM_X86_64 -> is64 ? 0x0300 : 0x0800;
                case ElfFile.EM_AARCH64 -> 0x0a00;
                case ElfFile.EM_PPC64 -> 0x0500;
                case ElfFile.EM_S390 -> is64 ? 0x0400 : 0;
                case ElfFile.EM_RISCV -> is64 ? 0x1000 : 0;
                default -> 0;
            };
        }

        /** The ELF shared object at {@code file}, or null when it is not one (a script, a static archive). */
        static Elf read(Path file) throws IOException {
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
                byte[] ident = new byte[64];
                if (f.length() < 64) {
                    return null;
                }
                f.readFully(ident);
                if (ident[0] != 0x7f || ident[1] != 'E' || ident[2] != 'L' || ident[3] != 'F') {
                    return null;
                }
                boolean is64 = ident[4] == 2;
                ByteOrder order = ident[5] == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
                ByteBuffer h = ByteBuffer.wrap(ident).order(order);
                if (h.getShort(16) != 3) {
                    return null; // not ET_DYN
                }
                int machine = h.getShort(18) & 0xffff;
                long phoff = is64 ? h.getLong(32) : h.getInt(28) & 0xffffffffL;
                int phentsize = h.getShort(is64 ? 54 : 42) & 0xffff;
                int phnum = h.getShort(is64 ? 56 : 44) & 0xffff;
                if (phnum == 0 || phentsize < (is64 ? 56 : 32) || phoff < 0 || phoff > f.length() - (long) phnum * phentsize) {
                    return new Elf(null, order, machine, is64);
                }
                byte[] ph = new byte[phnum * phentsize];
                f.seek(phoff);
                f.readFully(ph);
                ByteBuffer p = ByteBuffer.wrap(ph).order(order);
                List<long[]> loads = new ArrayList<>();
                long dynOff = -1;
                long dynSize = 0;
                for (int i = 0; i < phnum; i++) {
                    int o = i * phentsize;
                    int type = p.getInt(o);
                    long off = is64 ? p.getLong(o + 8) : p.getInt(o + 4) & 0xffffffffL;
                    long vaddr = is64 ? p.getLong(o + 16) : p.getInt(o + 8) & 0xffffffffL;
                    long filesz = is64 ? p.getLong(o + 32) : p.getInt(o + 16) & 0xffffffffL;
                    if (type == 1) {
                        loads.add(new long[] {vaddr, off, filesz});
                    } else if (type == 2) {
                        dynOff = off;
                        dynSize = filesz;
                    }
                }
                if (dynOff < 0 || dynSize < 0 || dynSize > (1 << 20) || dynOff > f.length() - dynSize) {
                    return new Elf(null, order, machine, is64);
                }
                byte[] dyn = new byte[(int) dynSize];
                f.seek(dynOff);
                f.readFully(dyn);
                ByteBuffer d = ByteBuffer.wrap(dyn).order(order);
                int size = is64 ? 16 : 8;
                long strtab = -1;
                long soname = -1;
                for (int o = 0; o + size <= dyn.length; o += size) {
                    long tag = is64 ? d.getLong(o) : d.getInt(o);
                    long val = is64 ? d.getLong(o + 8) : d.getInt(o + 4) & 0xffffffffL;
                    if (tag == 0) {
                        break;
                    } else if (tag == 5) {
                        strtab = val;
                    } else if (tag == 14) {
                        soname = val;
                    }
                }
                if (strtab < 0 || soname < 0) {
                    return new Elf(null, order, machine, is64);
                }
                long at = -1;
                for (long[] load : loads) {
                    if (load[2] >= 0 && strtab >= load[0] && strtab - load[0] < load[2] && soname >= 0 && soname < (1 << 24)) {
                        at = strtab - load[0] + load[1] + soname;
                    }
                }
                if (at < 0 || at >= f.length()) {
                    return new Elf(null, order, machine, is64);
                }
                f.seek(at);
                StringBuilder name = new StringBuilder();
                int c;
                while ((c = f.read()) > 0 && name.length() < 256) {
                    name.append((char) c);
                }
                return new Elf(name.toString(), order, machine, is64);
            }
        }
    }
}
