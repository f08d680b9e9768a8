package io.rootfs.nativedeb;

import com.github.luben.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * A .deb: an ar archive of {@code debian-binary} (2.0), {@code control.tar.*} (the package's
 * control file, maintainer scripts, md5sums, conffiles) and {@code data.tar.*} (the files it
 * installs), each tar compressed with xz, zstd or gzip, or not at all (deb(5)). Members are found
 * by their headers and read straight from the file, streamed.
 */
public final class DebArchive {
    private static final byte[] MAGIC = "!<arch>\n".getBytes(StandardCharsets.US_ASCII);
    /** The control member's files kept for the package database; anything larger is refused. */
    private static final long CONTROL_LIMIT = 64L << 20;
    private final Path file;
    private final Map<String, long[]> members;

    private DebArchive(Path file, Map<String, long[]> members) {
        this.file = file;
        this.members = members;
    }

    /** @throws IllegalArgumentException when the file is no .deb of format 2.0 */
    public static DebArchive open(Path deb) throws IOException {
        Map<String, long[]> members = new LinkedHashMap<>();
        try (FileChannel ch = FileChannel.open(deb, StandardOpenOption.READ)) {
            ByteBuffer magic = ByteBuffer.allocate(MAGIC.length);
            ch.read(magic, 0);
            if (!java.util.Arrays.equals(magic.array(), MAGIC)) {
                throw new IllegalArgumentException(deb + " is not a .deb (no ar archive)");
            }
            long at = MAGIC.length;
            long end = ch.size();
            while (at + 60 <= end) {
                ByteBuffer header = ByteBuffer.allocate(60);
                ch.read(header, at);
                String h = new String(header.array(), StandardCharsets.US_ASCII);
                if (!h.endsWith("`\n")) {
                    throw new IllegalArgumentException(deb + ": a damaged ar member header at byte " + at);
                }
                String name = h.substring(0, 16).strip().replaceFirst("/$", "");
                long size;
                try {
                    size = Long.parseLong(h.substring(48, 58).strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(deb + ": a damaged ar member size at byte " + at, e);
                }
                if (size < 0 || at + 60 + size > end) {
                    throw new IllegalArgumentException(deb + ": member " + name + " runs past the end of the file");
                }
                members.put(name, new long[] {at + 60, size});
                at += 60 + size + (size & 1);
            }
        }
        long[] version = members.get("debian-binary");
        DebArchive archive = new DebArchive(deb, members);
        if (version == null || !new String(archive.read("debian-binary", 16), StandardCharsets.US_ASCII).startsWith("2.")) {
            throw new IllegalArgumentException(deb + " is not a .deb of format 2.x");
        }
        archive.member("control.tar");
        archive.member("data.tar");
        return archive;
    }

    /** The control member's regular files by name ({@code control}, {@code postinst}, {@code md5sums}, ...). */
    public Map<String, byte[]> controlFiles() throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        long total = 0;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(tarStream("control.tar"))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String name = e.getName().startsWith("./") ? e.getName().substring(2) : e.getName();
                if (!e.isFile() || name.contains("/")) {
                    continue;
                }
                total += e.getSize();
                if (total > CONTROL_LIMIT) {
                    throw new IllegalArgumentException(file + ": its control member is larger than " + CONTROL_LIMIT
                            + " bytes");
                }
                files.put(name, tar.readAllBytes());
            }
        }
        return files;
    }

    /** The package's control fields. */
    public Map<String, String> control() throws IOException {
        return control(controlFiles());
    }

    /** The control fields among control files already read ({@link #controlFiles()}). */
    public Map<String, String> control(Map<String, byte[]> controlFiles) {
        byte[] control = controlFiles.get("control");
        if (control == null) {
            throw new IllegalArgumentException(file + " has no control file");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        ControlParagraphs.read(new BufferedReader(new StringReader(new String(control, StandardCharsets.UTF_8))), null,
                p -> {
                    if (fields.isEmpty()) {
                        fields.putAll(p);
                    }
                });
        return fields;
    }

    /** The files the package installs, as an uncompressed tar stream. */
    public InputStream data() throws IOException {
        return tarStream("data.tar");
    }

    @Override
    public String toString() {
        return file.toString();
    }

    /** The name of the data member, with its compression ({@code data.tar.xz}). */
    public String dataMember() {
        return member("data.tar");
    }

    private InputStream tarStream(String prefix) throws IOException {
        String name = member(prefix);
        long[] at = members.get(name);
        InputStream raw = new BufferedInputStream(java.nio.channels.Channels.newInputStream(
                FileChannel.open(file, StandardOpenOption.READ).position(at[0])), 1 << 16);
        InputStream bounded = new org.apache.commons.compress.utils.BoundedInputStream(raw, at[1]) {
            @Override
            public void close() throws IOException {
                raw.close();
            }
        };
        try {
            if (name.endsWith(".xz")) {
                // the decoders' buffers (a dictionary of up to 64 MiB each, more refused) are taken from, and given back
                // to, one cache: a build of a hundred packages allocates them once per thread, not per package
                return new XZInputStream(bounded, DebRepository.XZ_MEMORY_LIMIT_KIB,
                        org.tukaani.xz.BasicArrayCache.getInstance());
            }
            if (name.endsWith(".zst")) {
                return new ZstdInputStream(bounded);
            }
            if (name.endsWith(".gz")) {
                return new GZIPInputStream(bounded, 1 << 16);
            }
            if (name.equals(prefix)) {
                return bounded;
            }
            throw new IllegalArgumentException(file + ": " + name + " is compressed in a way dpkg does not write");
        } catch (IOException | RuntimeException e) {
            bounded.close();
            throw e;
        }
    }

    private String member(String prefix) {
        for (String name : members.keySet()) {
            if (name.equals(prefix) || name.startsWith(prefix + ".")) {
                return name;
            }
        }
        throw new IllegalArgumentException(file + " has no " + prefix + " member");
    }

    private byte[] read(String name, int max) throws IOException {
        long[] at = members.get(name);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate((int) Math.min(max, at[1]));
            ch.read(b, at[0]);
            return b.array();
        }
    }
}
