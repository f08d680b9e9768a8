package io.rootfs.core.tree;

import java.util.Locale;

/**
 * One entry of a guest tree as the guest will see it: what outputs write, whatever the files on
 * disk say (a tree built without root holds the build user's files and no device nodes).
 *
 * @param path   the path inside the guest, relative, without a leading slash ("" is the root)
 * @param mode   permission bits with setuid, setgid and sticky (07777)
 * @param major  device numbers, for character and block devices
 * @param target the link target, for symbolic links (as written) and hard links (the path linked to)
 * @param mtime  seconds since the epoch
 * @param size   bytes, for regular files
 */
public record TreeEntry(String path, Type type, int mode, int uid, int gid, int major, int minor, String target,
        long mtime, long size) {

    /** The kinds of entry a guest tree holds. */
    public enum Type {
        DIRECTORY('d'), FILE('f'), SYMLINK('l'), HARDLINK('h'), CHAR_DEVICE('c'), BLOCK_DEVICE('b'), FIFO('p'),
        SOCKET('s');

        final char code;

        Type(char code) {
            this.code = code;
        }

        /** The type a stat mode's file type bits give. */
        public static Type ofMode(int mode) {
            return switch (mode & 0170000) {
                case 0040000 -> DIRECTORY;
                case 0120000 -> SYMLINK;
                case 0020000 -> CHAR_DEVICE;
                case 0060000 -> BLOCK_DEVICE;
                case 0010000 -> FIFO;
                case 0140000 -> SOCKET;
                default -> FILE;
            };
        }

        static Type of(char code) {
            for (Type t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            throw new IllegalArgumentException("no entry type '" + code + "'");
        }
    }

    public TreeEntry {
        mode &= 07777;
        target = target == null ? "" : target;
    }

    /** The mode with its file type bits, as stat and inodes hold it. */
    public int fullMode() {
        int typeBits = switch (type) {
            case DIRECTORY -> 0040000;
            case SYMLINK -> 0120000;
            case CHAR_DEVICE -> 0020000;
            case BLOCK_DEVICE -> 0060000;
            case FIFO -> 0010000;
            case SOCKET -> 0140000;
            case FILE, HARDLINK -> 0100000;
        };
        return typeBits | mode;
    }

    public boolean isDevice() {
        return type == Type.CHAR_DEVICE || type == Type.BLOCK_DEVICE;
    }

    /** The same entry with other owners and mode. */
    public TreeEntry withOwner(int newUid, int newGid, int newMode) {
        return new TreeEntry(path, type, newMode, newUid, newGid, major, minor, target, mtime, size);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%c %04o %d:%d %s", type.code, mode, uid, gid, path);
    }
}
