package org.racker.layer;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a tar stream one entry at a time, as Go's archive/tar (which umoci uses) reads it:
 * POSIX ustar, PAX extended headers ({@code x}, and global {@code g} ones, whose records apply
 * to every later entry), GNU long names ({@code L}, {@code K}) and numbers in base-256, the
 * star prefix, V7 headers, and sparse files in GNU's old format and PAX 0.0, 0.1 and 1.0.
 * {@code SCHILY.xattr.*} values are kept byte for byte: they are binary
 * ({@code security.capability}).
 *
 * <p>Written for the unpacker's hot path instead of Commons Compress, which spent most of an
 * image's unpacking time on PAX headers alone: a scratch buffer zeroed and a BigDecimal parsed
 * for every entry. Here headers are decoded straight from one reused buffer, and file data
 * goes from that buffer to the file.
 */
final class TarReader {
    static final int BLOCK = 512;
    private static final int BUFFER = 256 * 1024;
    /**
     * Bound on one extended header ({@code x}, {@code g}, {@code L}, {@code K}), on all those
     * of one entry together, and on the global records in force: as Go's archive/tar bounds
     * them (maxSpecialFileSize). Without the last two, a layer of a few MB chaining headers
     * (global ones apply to every later entry, and each entry carried a copy of them) made the
     * reader hold gigabytes: layer content is untrusted.
     */
    static final int MAX_HEADERS = 1024 * 1024;
    /** Bound on a sparse map's fragments (each a pair of longs), for the same reason. */
    private static final int MAX_SPARSE_FRAGMENTS = MAX_HEADERS / 16;
    /** The largest uid or gid that fits Linux's 32-bit uid_t; (uid_t) -1 means "unchanged" to chown. */
    private static final long MAX_ID = 0xFFFF_FFFEL;
    private static final String XATTR_PREFIX = "SCHILY.xattr.";
    private static final byte[] USTAR_MAGIC = {'u', 's', 't', 'a', 'r', 0};
    private static final byte[] GNU_MAGIC = {'u', 's', 't', 'a', 'r', ' ', ' ', 0};

    private final InputStream in;
    private final byte[] buffer = new byte[BUFFER];
    private final byte[] header = new byte[BLOCK];
    private int position;
    private int limit;
    private boolean inputEnded;
    /** Unread data of the current entry, and the padding after it. */
    private long dataLeft;
    private long paddingLeft;
    private boolean archiveEnded;
    /** The global records in force; replaced, never changed, so that entries may share it. */
    private Map<String, String> globalRecords = Map.of();
    private Map<String, byte[]> globalXattrs = Map.of();

    TarReader(InputStream in) {
        this.in = in;
    }

    /**
     * The next entry, or null at the end of the archive (a zero block, or the end of the
     * stream between entries). Whatever of the previous entry's data was not read is skipped.
     */
    TarEntry next() throws IOException {
        skip(dataLeft + paddingLeft);
        dataLeft = 0;
        paddingLeft = 0;
        if (archiveEnded) {
            return null;
        }
        Map<String, String> records = null;
        Map<String, byte[]> xattrs = null;
        List<long[]> sparse00 = null;
        String longName = null;
        String longLink = null;
        boolean extended = false;
        long localBytes = 0;
        while (true) {
            if (!readHeader()) {
                if (extended) {
                    throw new EOFException("the tar stream ends after an extended header");
                }
                archiveEnded = true;
                return null;
            }
            if (isZero(header)) {
                archiveEnded = true;
                return null;
            }
            checkChecksum();
            byte type = header[156];
            long size = parseNumber(header, 124, 12, "size");
            if (size < 0) {
                throw new TarFormatException(cString(header, 0, 100), "malformed tar header: negative size " + size);
            }
            boolean special = type == 'x' || type == 'X' || type == 'g' || type == 'L' || type == 'K';
            if (special && size > MAX_HEADERS) {
                throw new IOException("malformed tar stream: an extended header of " + size + " bytes (at most "
                        + MAX_HEADERS + ")");
            }
            if (special && type != 'g') {
                localBytes += size;
                if (localBytes > MAX_HEADERS) {
                    throw new IOException("malformed tar stream: the extended headers of one entry exceed "
                            + MAX_HEADERS + " bytes");
                }
            }
            switch (type) {
                case 'x', 'X' -> {
                    if (records == null) {
                        records = new LinkedHashMap<>();
                        xattrs = new LinkedHashMap<>();
                        sparse00 = new ArrayList<>();
                    }
                    parsePax(readExtended(size), records, xattrs, sparse00);
                    extended = true;
                }
                case 'g' -> global(readExtended(size));
                case 'L' -> {
                    longName = cString(readExtended(size));
                    extended = true;
                }
                case 'K' -> {
                    longLink = cString(readExtended(size));
                    extended = true;
                }
                default -> {
                    return entry(type, size, records, xattrs, sparse00, longName, longLink);
                }
            }
        }
    }

    /** Reads the current entry's data, as an InputStream would. */
    int read(byte[] b, int off, int len) throws IOException {
        if (dataLeft == 0) {
            return -1;
        }
        if (position == limit && !fill()) {
            throw truncated();
        }
        int n = (int) Math.min(Math.min(len, limit - position), dataLeft);
        System.arraycopy(buffer, position, b, off, n);
        position += n;
        dataLeft -= n;
        return n;
    }

    /** Writes the current entry's data to {@code out} at its position; returns the bytes written. */
    long transferTo(FileChannel out) throws IOException {
        long written = 0;
        while (dataLeft > 0) {
            if (position == limit && !fill()) {
                throw truncated();
            }
            int n = (int) Math.min(limit - position, dataLeft);
            ByteBuffer chunk = ByteBuffer.wrap(buffer, position, n);
            while (chunk.hasRemaining()) {
                out.write(chunk);
            }
            position += n;
            dataLeft -= n;
            written += n;
        }
        return written;
    }

    /**
     * Writes a sparse entry's fragments where {@code map} puts them, leaving holes between
     * them, and gives the file its full size; returns the bytes of data written.
     */
    long transferSparse(FileChannel out, long[] map, long realSize) throws IOException {
        long written = 0;
        for (int i = 0; i < map.length; i += 2) {
            long offset = map[i];
            long length = map[i + 1];
            long done = 0;
            while (done < length) {
                if (position == limit && !fill()) {
                    throw truncated();
                }
                int n = (int) Math.min(limit - position, length - done);
                ByteBuffer chunk = ByteBuffer.wrap(buffer, position, n);
                while (chunk.hasRemaining()) {
                    done += out.write(chunk, offset + done);
                }
                position += n;
                dataLeft -= n;
            }
            written += length;
        }
        if (out.size() < realSize) {
            out.write(ByteBuffer.wrap(new byte[1]), realSize - 1); // a hole up to the end, then its last byte
        }
        return written;
    }

    /** Reads everything after the end of the archive, so that a digest over the stream covers all of it. */
    void drainToEnd() throws IOException {
        position = limit;
        while (!inputEnded) {
            fill();
            position = limit;
        }
    }

    // --- headers ----------------------------------------------------------------------------

    private TarEntry entry(byte type, long size, Map<String, String> localRecords, Map<String, byte[]> localXattrs,
            List<long[]> sparse00, String longName, String longLink) throws IOException {
        boolean ustar = Arrays.equals(header, 257, 263, USTAR_MAGIC, 0, 6);
        boolean gnu = !ustar && Arrays.equals(header, 257, 265, GNU_MAGIC, 0, 8);
        boolean star = ustar && header[508] == 't' && header[509] == 'a' && header[510] == 'r' && header[511] == 0;
        String name = cString(header, 0, 100);
        if (ustar) {
            String prefix = cString(header, 345, star ? 131 : 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
        }
        String linkName = cString(header, 157, 100);
        long mode = parseNumber(header, 100, 8, "mode");
        long uid = parseNumber(header, 108, 8, "uid");
        long gid = parseNumber(header, 116, 8, "gid");
        long mtime = parseNumber(header, 136, 12, "mtime");
        int mtimeNanos = 0;
        boolean hasAtime = false;
        long atime = 0;
        int atimeNanos = 0;
        long devMajor = 0;
        long devMinor = 0;
        if (ustar || gnu) {
            devMajor = parseNumber(header, 329, 8, "devmajor");
            devMinor = parseNumber(header, 337, 8, "devminor");
        }
        if (gnu || star) {
            atime = parseNumber(header, gnu ? 345 : 476, 12, "atime");
            hasAtime = atime != 0;
        }
        long[] sparse = null;
        long realSize = size;
        if (type == 'S' && gnu) {
            sparse = oldGnuSparseMap();
            realSize = parseNumber(header, 483, 12, "realsize");
            type = TarEntry.NORMAL;
        }

        Map<String, String> records = globalRecords;
        Map<String, byte[]> xattrs = globalXattrs;
        if (localRecords != null) {
            records = new LinkedHashMap<>(globalRecords);
            records.putAll(localRecords);
            xattrs = new LinkedHashMap<>(globalXattrs);
            xattrs.putAll(localXattrs);
        }
        if (!records.isEmpty()) {
            String value;
            if ((value = records.get("path")) != null) {
                name = value;
            }
            if ((value = records.get("linkpath")) != null) {
                linkName = value;
            }
            if ((value = records.get("size")) != null) {
                size = parseDecimal(value, "size");
                realSize = size;
            }
            if ((value = records.get("uid")) != null) {
                uid = parseDecimal(value, "uid");
            }
            if ((value = records.get("gid")) != null) {
                gid = parseDecimal(value, "gid");
            }
            if ((value = records.get("mtime")) != null) {
                long[] time = parseTime(value, "mtime");
                mtime = time[0];
                mtimeNanos = (int) time[1];
            }
            if ((value = records.get("atime")) != null) {
                long[] time = parseTime(value, "atime");
                hasAtime = true;
                atime = time[0];
                atimeNanos = (int) time[1];
            }
            if ((value = records.get("SCHILY.devmajor")) != null) {
                devMajor = parseDecimal(value, "devmajor");
            }
            if ((value = records.get("SCHILY.devminor")) != null) {
                devMinor = parseDecimal(value, "devminor");
            }
        }
        if (longName != null) {
            name = longName; // as Go does: a GNU long name wins over a PAX path
        }
        checkNames(name, linkName);
        checkFits(name, size, uid, gid, mode, devMajor, devMinor);
        if (longLink != null) {
            linkName = longLink;
        }
        dataLeft = size;
        paddingLeft = padding(size);
        if (localRecords != null && isPaxSparse(localRecords)) {
            String sparseName = localRecords.get("GNU.sparse.name");
            if (sparseName != null) {
                name = sparseName;
            }
            String real = localRecords.getOrDefault("GNU.sparse.realsize", localRecords.get("GNU.sparse.size"));
            if (real == null) {
                throw new IOException("malformed PAX sparse headers: no real size");
            }
            realSize = parseDecimal(real, "sparse size");
            if ("1".equals(localRecords.get("GNU.sparse.major"))) {
                sparse = sparseMapFromData();
            } else if (localRecords.containsKey("GNU.sparse.map")) {
                sparse = parseSparseList(localRecords.get("GNU.sparse.map"));
            } else {
                sparse = new long[sparse00.size() * 2];
                for (int i = 0; i < sparse00.size(); i++) {
                    sparse[2 * i] = sparse00.get(i)[0];
                    sparse[2 * i + 1] = sparse00.get(i)[1];
                }
            }
        }
        if (sparse != null) {
            checkSparse(sparse, realSize, dataLeft);
        }
        return new TarEntry(name, linkName, type, (int) mode, uid, gid, size, realSize, mtime, mtimeNanos, hasAtime,
                atime, atimeNanos, (int) devMajor, (int) devMinor, xattrs.isEmpty() ? Map.of() : xattrs, sparse);
    }

    /**
     * Only a PAX record can put a NUL into a name (header fields end at theirs). Go's
     * archive/tar refuses it; taken as a C string on its way to the filesystem the name
     * would silently become another one.
     */
    private static void checkNames(String name, String linkName) throws TarFormatException {
        int nul = name.indexOf(0);
        if (nul >= 0) {
            throw new TarFormatException(name.substring(0, nul), "malformed PAX record: a NUL byte inside the path "
                    + name.replace("\0", "\\0"));
        }
        if (linkName.indexOf(0) >= 0) {
            throw new TarFormatException(name, "malformed PAX record: a NUL byte inside the linkpath "
                    + linkName.replace("\0", "\\0"));
        }
    }

    /**
     * Refuses numbers that would be cut short on their way to the filesystem, as Go's
     * archive/tar refuses them: a negative size (from a PAX record; a header's own is checked
     * earlier) would have shown as a negative image size, an owner beyond uid_t would have
     * been truncated by chown into some other owner, root included.
     */
    private static void checkFits(String name, long size, long uid, long gid, long mode, long devMajor,
            long devMinor) throws TarFormatException {
        if (size < 0) {
            throw new TarFormatException(name, "malformed tar header: negative size " + size);
        }
        if (uid < 0 || uid > MAX_ID) {
            throw new TarFormatException(name, "malformed tar header: uid " + uid + " does not fit a uid_t");
        }
        if (gid < 0 || gid > MAX_ID) {
            throw new TarFormatException(name, "malformed tar header: gid " + gid + " does not fit a gid_t");
        }
        if (mode < 0 || mode > 07777777) {
            throw new TarFormatException(name, "malformed tar header: mode " + mode + " out of range");
        }
        if (devMajor < 0 || devMajor > Integer.MAX_VALUE || devMinor < 0 || devMinor > Integer.MAX_VALUE) {
            throw new TarFormatException(name, "malformed tar header: device number " + devMajor + "," + devMinor
                    + " out of range");
        }
    }

    private static boolean isPaxSparse(Map<String, String> records) {
        return records.containsKey("GNU.sparse.major") || records.containsKey("GNU.sparse.map")
                || records.containsKey("GNU.sparse.offset") || records.containsKey("GNU.sparse.size");
    }

    /** GNU's old sparse format: four map entries in the header, 21 per extension block after it. */
    private long[] oldGnuSparseMap() throws IOException {
        List<Long> map = new ArrayList<>();
        addSparseEntries(header, 386, 4, map);
        boolean extendedMap = header[482] != 0;
        byte[] block = new byte[BLOCK];
        while (extendedMap) {
            if (!ensure(BLOCK)) {
                throw truncated();
            }
            System.arraycopy(buffer, position, block, 0, BLOCK);
            position += BLOCK;
            addSparseEntries(block, 0, 21, map);
            if (map.size() > 2 * MAX_SPARSE_FRAGMENTS) {
                throw new IOException("malformed GNU sparse map: more than " + MAX_SPARSE_FRAGMENTS + " fragments");
            }
            extendedMap = block[504] != 0;
        }
        long[] result = new long[map.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = map.get(i);
        }
        return result;
    }

    private static void addSparseEntries(byte[] block, int offset, int count, List<Long> into) throws IOException {
        for (int i = 0; i < count; i++) {
            int at = offset + i * 24;
            if (block[at] == 0 && block[at + 12] == 0) {
                return;
            }
            into.add(parseNumber(block, at, 12, "sparse offset"));
            into.add(parseNumber(block, at + 12, 12, "sparse length"));
        }
    }

    /** PAX sparse 1.0: the map is at the start of the data, decimal numbers one a line, padded to a block. */
    private long[] sparseMapFromData() throws IOException {
        long consumed = 0;
        StringBuilder number = new StringBuilder();
        long count = -1;
        List<Long> values = new ArrayList<>();
        while (count < 0 || values.size() < count * 2) {
            if (dataLeft == 0) {
                throw new IOException("malformed PAX sparse map: it runs past the entry's data");
            }
            if (position == limit && !fill()) {
                throw truncated();
            }
            byte b = buffer[position++];
            dataLeft--;
            consumed++;
            if (b == '\n') {
                long value = parseDecimal(number.toString(), "sparse map");
                number.setLength(0);
                if (count < 0) {
                    count = value;
                    if (count > MAX_SPARSE_FRAGMENTS) {
                        throw new IOException("malformed PAX sparse map: " + count + " entries");
                    }
                } else {
                    values.add(value);
                }
            } else {
                if (number.length() > 20) {
                    throw new IOException("malformed PAX sparse map");
                }
                number.append((char) b);
            }
        }
        long pad = padding(consumed);
        if (pad > dataLeft) {
            throw new IOException("malformed PAX sparse map: it runs past the entry's data");
        }
        skip(pad);
        dataLeft -= pad;
        long[] map = new long[values.size()];
        for (int i = 0; i < map.length; i++) {
            map[i] = values.get(i);
        }
        return map;
    }

    private static long[] parseSparseList(String list) throws IOException {
        if (list.isEmpty()) {
            return new long[0];
        }
        String[] parts = list.split(",", -1);
        if (parts.length % 2 != 0 || parts.length > 2 * MAX_SPARSE_FRAGMENTS) {
            throw new IOException("malformed PAX sparse map " + list);
        }
        long[] map = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            map[i] = parseDecimal(parts[i], "sparse map");
        }
        return map;
    }

    /** Fragments in order, not overlapping, inside the file, their data exactly the entry's. */
    private static void checkSparse(long[] map, long realSize, long dataSize) throws IOException {
        long end = 0;
        long total = 0;
        for (int i = 0; i < map.length; i += 2) {
            long offset = map[i];
            long length = map[i + 1];
            if (offset < end || length < 0 || offset > realSize || length > realSize - offset) {
                throw new IOException("malformed sparse map: fragment " + offset + "+" + length
                        + " of a " + realSize + "-byte file");
            }
            end = offset + length;
            total += length;
        }
        if (total != dataSize || realSize < 0) {
            throw new IOException("malformed sparse map: " + total + " bytes of fragments for " + dataSize
                    + " bytes of data");
        }
    }

    /** Adds a global header's records to those in force, within {@link #MAX_HEADERS} in all. */
    private void global(byte[] data) throws IOException {
        Map<String, String> records = new LinkedHashMap<>(globalRecords);
        Map<String, byte[]> xattrs = new LinkedHashMap<>(globalXattrs);
        parsePax(data, records, xattrs, null);
        long bytes = 0;
        for (Map.Entry<String, String> record : records.entrySet()) {
            bytes += record.getKey().length() + record.getValue().length();
        }
        for (Map.Entry<String, byte[]> xattr : xattrs.entrySet()) {
            bytes += xattr.getKey().length() + xattr.getValue().length;
        }
        if (bytes > MAX_HEADERS) {
            throw new IOException("malformed tar stream: global extended headers accumulate beyond " + MAX_HEADERS
                    + " bytes");
        }
        globalRecords = Collections.unmodifiableMap(records);
        globalXattrs = Collections.unmodifiableMap(xattrs);
    }

    private void parsePax(byte[] data, Map<String, String> records, Map<String, byte[]> xattrs, List<long[]> sparse00)
            throws IOException {
        int p = 0;
        long pendingOffset = -1;
        while (p < data.length) {
            if (data[p] == 0) {
                break; // NUL padding some writers leave after the last record
            }
            int q = p;
            long length = 0;
            while (q < data.length && data[q] >= '0' && data[q] <= '9' && length < Integer.MAX_VALUE) {
                length = length * 10 + (data[q] - '0');
                q++;
            }
            if (q >= data.length || data[q] != ' ' || length <= 0 || p + length > data.length) {
                throw new IOException("malformed PAX extended header record");
            }
            int end = (int) (p + length);
            int keyStart = q + 1;
            int equals = keyStart;
            while (equals < end && data[equals] != '=') {
                equals++;
            }
            if (equals >= end || data[end - 1] != '\n') {
                throw new IOException("malformed PAX extended header record");
            }
            String key = new String(data, keyStart, equals - keyStart, StandardCharsets.UTF_8);
            if (hasNul(data, keyStart, equals)) {
                throw new TarFormatException(null, "malformed PAX record: a NUL byte inside the key " + key);
            }
            if (key.startsWith(XATTR_PREFIX)) {
                xattrs.put(key.substring(XATTR_PREFIX.length()), Arrays.copyOfRange(data, equals + 1, end - 1));
            } else {
                String value = new String(data, equals + 1, end - 1 - (equals + 1), StandardCharsets.UTF_8);
                if (sparse00 != null && key.equals("GNU.sparse.offset")) {
                    pendingOffset = parseDecimal(value, "sparse offset");
                } else if (sparse00 != null && key.equals("GNU.sparse.numbytes")) {
                    if (pendingOffset < 0) {
                        throw new IOException("malformed PAX sparse map: numbytes without offset");
                    }
                    sparse00.add(new long[] {pendingOffset, parseDecimal(value, "sparse length")});
                    pendingOffset = -1;
                }
                records.put(key, value);
            }
            p = end;
        }
    }

    private static boolean hasNul(byte[] data, int from, int to) {
        for (int i = from; i < to; i++) {
            if (data[i] == 0) {
                return true;
            }
        }
        return false;
    }

    /** An extended header's data, and the padding after it. */
    private byte[] readExtended(long size) throws IOException {
        byte[] data = new byte[(int) size];
        int done = 0;
        while (done < size) {
            if (position == limit && !fill()) {
                throw truncated();
            }
            int n = Math.min(limit - position, (int) size - done);
            System.arraycopy(buffer, position, data, done, n);
            position += n;
            done += n;
        }
        skip(padding(size));
        return data;
    }

    /** Reads the next 512-byte block into {@link #header}; false at the end of the stream. */
    private boolean readHeader() throws IOException {
        if (!ensure(BLOCK)) {
            if (limit > position) {
                throw new EOFException("the tar stream ends inside a header");
            }
            return false;
        }
        System.arraycopy(buffer, position, header, 0, BLOCK);
        position += BLOCK;
        return true;
    }

    private void checkChecksum() throws IOException {
        long stored = parseNumber(header, 148, 8, "checksum");
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            unsigned += header[i] & 0xff;
            signed += header[i];
        }
        for (int i = 148; i < 156; i++) { // the checksum field counts as spaces
            unsigned += ' ' - (header[i] & 0xff);
            signed += ' ' - header[i];
        }
        if (stored != unsigned && stored != signed) {
            throw new IOException("malformed tar header: bad checksum (not a tar stream, or a corrupt one)");
        }
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * A numeric header field: octal ASCII (leading and trailing spaces or NULs allowed), or
     * base-256 when its first byte has the high bit set (GNU's and star's large numbers).
     */
    static long parseNumber(byte[] block, int offset, int length, String field) throws IOException {
        if ((block[offset] & 0x80) != 0) {
            boolean negative = (block[offset] & 0x40) != 0;
            int invert = negative ? 0xff : 0;
            long value = 0;
            for (int i = 0; i < length; i++) {
                int b = (block[offset + i] ^ invert) & 0xff;
                if (i == 0) {
                    b &= 0x7f;
                }
                if ((value >>> 55) != 0) {
                    throw new IOException("malformed tar header: " + field + " out of range");
                }
                value = (value << 8) | b;
            }
            return negative ? ~value : value;
        }
        int i = offset;
        int end = offset + length;
        while (i < end && (block[i] == ' ' || block[i] == 0)) {
            i++;
        }
        long value = 0;
        while (i < end && block[i] >= '0' && block[i] <= '7') {
            if ((value >>> 60) != 0) {
                throw new IOException("malformed tar header: " + field + " out of range");
            }
            value = (value << 3) | (block[i] - '0');
            i++;
        }
        while (i < end) {
            if (block[i] != ' ' && block[i] != 0) {
                throw new IOException("malformed tar header: " + field + " is not a number");
            }
            i++;
        }
        return value;
    }

    private static long parseDecimal(String value, String field) throws IOException {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IOException("malformed PAX record: " + field + " \"" + value + "\" is not a number");
        }
    }

    /** A PAX time, "SECONDS[.FRACTION]", maybe negative: seconds and nanoseconds (0 to 999,999,999). */
    static long[] parseTime(String value, String field) throws IOException {
        int dot = value.indexOf('.');
        String whole = dot < 0 ? value : value.substring(0, dot);
        String fraction = dot < 0 ? "" : value.substring(dot + 1);
        long seconds = whole.isEmpty() || whole.equals("-") ? 0 : parseDecimal(whole, field);
        long nanos = 0;
        for (int i = 0; i < 9; i++) {
            char c = i < fraction.length() ? fraction.charAt(i) : '0';
            if (c < '0' || c > '9') {
                throw new IOException("malformed PAX record: " + field + " \"" + value + "\" is not a time");
            }
            nanos = nanos * 10 + (c - '0');
        }
        for (int i = 9; i < fraction.length(); i++) {
            if (fraction.charAt(i) < '0' || fraction.charAt(i) > '9') {
                throw new IOException("malformed PAX record: " + field + " \"" + value + "\" is not a time");
            }
        }
        if (whole.startsWith("-") && nanos > 0) {
            seconds -= 1;
            nanos = 1_000_000_000L - nanos;
        }
        return new long[] {seconds, nanos};
    }

    private static String cString(byte[] data) {
        return cString(data, 0, data.length);
    }

    private static String cString(byte[] data, int offset, int length) {
        int end = offset;
        while (end < offset + length && data[end] != 0) {
            end++;
        }
        return new String(data, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long padding(long size) {
        long rest = size % BLOCK;
        return rest == 0 ? 0 : BLOCK - rest;
    }

    // --- buffering --------------------------------------------------------------------------

    /** Reads more into the buffer when it is used up; false at the end of the stream. */
    private boolean fill() throws IOException {
        if (position < limit) {
            return true;
        }
        position = 0;
        limit = 0;
        while (!inputEnded) {
            int n = in.read(buffer, 0, buffer.length);
            if (n < 0) {
                inputEnded = true;
            } else if (n > 0) {
                limit = n;
                return true;
            }
        }
        return false;
    }

    /** Makes {@code n} (at most a block) bytes available from {@link #position}; false if the stream ends first. */
    private boolean ensure(int n) throws IOException {
        if (limit - position >= n) {
            return true;
        }
        System.arraycopy(buffer, position, buffer, 0, limit - position);
        limit -= position;
        position = 0;
        while (limit < n && !inputEnded) {
            int read = in.read(buffer, limit, buffer.length - limit);
            if (read < 0) {
                inputEnded = true;
            } else {
                limit += read;
            }
        }
        return limit >= n;
    }

    private void skip(long n) throws IOException {
        long left = n;
        while (left > 0) {
            if (position == limit && !fill()) {
                throw truncated();
            }
            int step = (int) Math.min(limit - position, left);
            position += step;
            left -= step;
        }
    }

    private static EOFException truncated() {
        return new EOFException("the tar stream ends inside an entry (truncated)");
    }
}
