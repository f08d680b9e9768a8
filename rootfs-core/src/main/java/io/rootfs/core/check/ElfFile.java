package io.rootfs.core.check;

import io.rootfs.api.Arch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an ELF executable or library asks of the system that loads it: its program interpreter
 * (the dynamic loader), the libraries it needs, and its own search path. Either class and byte
 * order, so a guest for s390x checks the same as one for x86_64.
 *
 * @param interpreter the PT_INTERP path, empty for a static program
 * @param needed      DT_NEEDED library names
 * @param searchPath  DT_RUNPATH or DT_RPATH entries, as written ({@code $ORIGIN} kept)
 * @param machine     e_machine: the CPU it is for ({@link #EM_X86_64}, ...)
 * @param wide        64-bit (ELFCLASS64)
 * @param bigEndian   its byte order
 */
public record ElfFile(Optional<String> interpreter, List<String> needed, List<String> searchPath, int machine,
        boolean wide, boolean bigEndian) {
    public static final int EM_386 = 3;
    public static final int EM_PPC64 = 21;
    public static final int EM_S390 = 22;
    public static final int EM_X86_64 = 62;
    public static final int EM_AARCH64 = 183;
    public static final int EM_RISCV = 243;
    private static final int PT_LOAD = 1;
    private static final int PT_DYNAMIC = 2;
    private static final int PT_INTERP = 3;
    private static final long DT_NEEDED = 1;
    private static final long DT_STRTAB = 5;
    private static final long DT_RPATH = 15;
    private static final long DT_RUNPATH = 29;

    /** An ELF file whose headers point outside it or hold impossible values. */
    public static final class Corrupt extends IOException {
        Corrupt(Path file, Throwable cause) {
            super(file.getFileName() + " is a truncated or corrupt ELF file", cause);
        }
    }

    /** Reads {@code file}, or returns empty when it is not an ELF file; a damaged one is {@link Corrupt}. */
    public static Optional<ElfFile> read(Path file) throws IOException {
        try {
            return parse(file);
        } catch (RuntimeException e) {
            throw new Corrupt(file, e);
        }
    }

    private static Optional<ElfFile> parse(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer ident = ByteBuffer.allocate(16);
            if (ch.read(ident, 0) < 16 || ident.getInt(0) != 0x7f454c46) {
                return Optional.empty();
            }
            boolean wide = ident.get(4) == 2;
            ByteOrder order = ident.get(5) == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            ByteBuffer header = read(ch, 0, wide ? 64 : 52, order);
            long phoff = wide ? header.getLong(32) : Integer.toUnsignedLong(header.getInt(28));
            int phentsize = Short.toUnsignedInt(header.getShort(wide ? 54 : 42));
            int phnum = Short.toUnsignedInt(header.getShort(wide ? 56 : 44));
            if (phentsize < (wide ? 56 : 32) || phoff < 0 || phoff + (long) phnum * phentsize > ch.size()) {
                throw new IllegalArgumentException("program headers outside the file");
            }
            List<long[]> loads = new ArrayList<>(); // vaddr, offset, filesz
            String interpreter = null;
            long dynOffset = -1;
            long dynSize = 0;
            for (int i = 0; i < phnum; i++) {
                ByteBuffer ph = read(ch, phoff + (long) i * phentsize, phentsize, order);
                int type = ph.getInt(0);
                long offset = wide ? ph.getLong(8) : Integer.toUnsignedLong(ph.getInt(4));
                long vaddr = wide ? ph.getLong(16) : Integer.toUnsignedLong(ph.getInt(8));
                long filesz = wide ? ph.getLong(32) : Integer.toUnsignedLong(ph.getInt(16));
                if (type == PT_INTERP) {
                    interpreter = cString(read(ch, offset, (int) Math.min(filesz, 4096), order), 0);
                } else if (type == PT_DYNAMIC) {
                    dynOffset = offset;
                    dynSize = filesz;
                } else if (type == PT_LOAD) {
                    loads.add(new long[] {vaddr, offset, filesz});
                }
            }
            List<String> needed = new ArrayList<>();
            List<String> searchPath = new ArrayList<>();
            if (dynOffset >= 0 && dynSize > 0) {
                ByteBuffer dyn = read(ch, dynOffset, (int) Math.min(dynSize, 1 << 20), order);
                int entry = wide ? 16 : 8;
                List<long[]> strings = new ArrayList<>(); // tag, string offset
                long strtab = -1;
                for (int at = 0; at + entry <= dyn.limit(); at += entry) {
                    long tag = wide ? dyn.getLong(at) : dyn.getInt(at);
                    long value = wide ? dyn.getLong(at + 8) : Integer.toUnsignedLong(dyn.getInt(at + 4));
                    if (tag == 0) {
                        break;
                    }
                    if (tag == DT_STRTAB) {
                        strtab = value;
                    } else if (tag == DT_NEEDED || tag == DT_RPATH || tag == DT_RUNPATH) {
                        strings.add(new long[] {tag, value});
                    }
                }
                long strtabOffset = fileOffset(loads, strtab);
                for (long[] s : strings) {
                    if (strtabOffset < 0) {
                        break;
                    }
                    String text = cString(read(ch, strtabOffset + s[1], 4096, order), 0);
                    if (s[0] == DT_NEEDED) {
                        needed.add(text);
                    } else {
                        for (String dir : text.split(":")) {
                            if (!dir.isEmpty()) {
                                searchPath.add(dir);
                            }
                        }
                    }
                }
            }
            int machine = Short.toUnsignedInt(header.getShort(18));
            return Optional.of(new ElfFile(Optional.ofNullable(interpreter), needed, searchPath, machine, wide,
                    order == ByteOrder.BIG_ENDIAN));
        }
    }

    /** Whether a guest of {@code arch} runs it: the machine, class and byte order are that architecture's. */
    public boolean runsOn(Arch arch) {
        return wide && switch (arch) {
            case X86_64 -> machine == EM_X86_64 && !bigEndian;
            case AARCH64 -> machine == EM_AARCH64 && !bigEndian;
            case PPC64LE -> machine == EM_PPC64 && !bigEndian;
            case S390X -> machine == EM_S390 && bigEndian;
        };
    }

    /** Why a guest of {@code guest} (rootfs.arch) cannot start it, in words: {@code a program for X, and the guest is Y (rootfs.arch)}. */
    public String notFor(Arch guest) {
        return "a program for " + target() + ", and the guest is " + guest + " (rootfs.arch)";
    }

    /** What it is for, in words: an architecture's name, else its machine number, class and byte order. */
    public String target() {
        for (Arch arch : Arch.values()) {
            if (runsOn(arch)) {
                return arch.kataName();
            }
        }
        return "ELF machine " + machine + " (" + (wide ? "64" : "32") + "-bit, " + (bigEndian ? "big" : "little") + "-endian)";
    }

    /** The file offset of a virtual address, through the segment that loads it. */
    private static long fileOffset(List<long[]> loads, long vaddr) {
        for (long[] load : loads) {
            if (vaddr >= load[0] && vaddr < load[0] + load[2]) {
                return vaddr - load[0] + load[1];
            }
        }
        return -1;
    }

    private static ByteBuffer read(FileChannel ch, long position, int size, ByteOrder order) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(Math.max(0, size)).order(order);
        while (b.hasRemaining() && ch.read(b, position + b.position()) > 0) {
            // keep reading until full or at the end of the file
        }
        b.flip();
        return b;
    }

    private static String cString(ByteBuffer b, int from) {
        int end = from;
        while (end < b.limit() && b.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - from];
        b.get(from, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
