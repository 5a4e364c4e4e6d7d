package org.racker.layer;

import java.util.Map;

/**
 * One entry of a layer's tar as {@link TarReader} decoded it: extended headers (PAX, GNU long
 * names, sparse maps) already applied.
 *
 * @param name the name as the archive spells it (after PAX {@code path} or a GNU long name)
 * @param linkName the target of a symlink or hardlink, "" otherwise
 * @param type the type flag, e.g. {@code '0'}, {@code '5'}
 * @param mode the mode field, permission and set-id bits (and maybe type bits some writers add)
 * @param size the bytes of data the archive holds for it
 * @param realSize the file's size: {@code size}, unless the entry is sparse
 * @param atimeSeconds the access time, when the archive has one ({@code hasAtime})
 * @param xattrs {@code SCHILY.xattr.*} records, byte for byte, global ones included
 * @param sparse for a sparse file, offset and length of each data fragment in turn; else null
 */
record TarEntry(
        String name,
        String linkName,
        byte type,
        int mode,
        long uid,
        long gid,
        long size,
        long realSize,
        long mtimeSeconds,
        int mtimeNanos,
        boolean hasAtime,
        long atimeSeconds,
        int atimeNanos,
        int devMajor,
        int devMinor,
        Map<String, byte[]> xattrs,
        long[] sparse) {

    static final byte NORMAL = '0';
    static final byte OLD_NORMAL = 0;
    static final byte HARDLINK = '1';
    static final byte SYMLINK = '2';
    static final byte CHAR_DEVICE = '3';
    static final byte BLOCK_DEVICE = '4';
    static final byte DIRECTORY = '5';
    static final byte FIFO = '6';
    static final byte CONTIGUOUS = '7';

    boolean isSparse() {
        return sparse != null;
    }
}
