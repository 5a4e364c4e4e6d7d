package org.racker.layer;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recovers the raw bytes of {@code SCHILY.xattr.*} PAX records, which Commons Compress
 * decodes as UTF-8 and so corrupts: xattr values are binary ({@code security.capability}
 * of {@code newuidmap} holds 0x80 and 0xc0 bytes), and Go's archive/tar, which umoci uses,
 * keeps them byte for byte.
 *
 * <p>The stream sits directly under Commons Compress's {@code TarArchiveInputStream}, which
 * reads headers a 512-byte record at a time and never reads ahead. While
 * {@code getNextEntry()} runs we keep what it consumes: the padding of the previous entry's
 * data (fewer than 512 bytes, since the extractor reads each entry's data to its end), then
 * whole records: any {@code x}/{@code g} PAX headers and GNU long names with their data, and
 * the entry's own header. Walking those records again gives the PAX records unaltered.
 */
final class RawPaxHeaders extends FilterInputStream {
    private static final int RECORD = 512;
    private static final int TYPEFLAG_OFFSET = 156;
    private static final int SIZE_OFFSET = 124;
    private static final int SIZE_LENGTH = 12;
    private static final int MAX_CAPTURE = 64 * 1024 * 1024;
    private static final String XATTR_PREFIX = "SCHILY.xattr.";

    private final Map<String, byte[]> globalXattrs = new LinkedHashMap<>();
    private byte[] captured = new byte[8 * 1024];
    private int length;
    private boolean capturing;

    RawPaxHeaders(InputStream in) {
        super(in);
    }

    /** Starts keeping what is read: call right before {@code getNextEntry()}. */
    void startCapture() {
        length = 0;
        capturing = true;
    }

    /**
     * Stops keeping and returns the xattrs of the entry whose header was just read: global
     * PAX xattrs seen so far, overridden by the entry's own.
     */
    Map<String, byte[]> finishCapture() throws IOException {
        capturing = false;
        Map<String, byte[]> local = new LinkedHashMap<>();
        int offset = length % RECORD;
        while (offset + RECORD <= length) {
            byte type = captured[offset + TYPEFLAG_OFFSET];
            boolean meta = type == 'x' || type == 'X' || type == 'g' || type == 'L' || type == 'K';
            if (!meta) {
                break; // the entry's own header (or the end-of-archive records)
            }
            long size = parseSize(captured, offset + SIZE_OFFSET);
            int dataStart = offset + RECORD;
            if (size < 0 || dataStart + size > length) {
                throw new IOException("malformed tar extended header (size " + size + ")");
            }
            if (type == 'x' || type == 'X') {
                parseRecords(dataStart, (int) size, local);
            } else if (type == 'g') {
                parseRecords(dataStart, (int) size, globalXattrs);
            }
            offset = dataStart + (int) ((size + RECORD - 1) / RECORD * RECORD);
        }
        if (globalXattrs.isEmpty()) {
            return local;
        }
        Map<String, byte[]> merged = new LinkedHashMap<>(globalXattrs);
        merged.putAll(local);
        return merged;
    }

    /** Reads (and discards) whatever follows the tar's end, so a digest over the stream is complete. */
    void drainToEnd() throws IOException {
        capturing = false;
        byte[] buffer = new byte[16 * 1024];
        while (in.read(buffer) >= 0) {
            // discard
        }
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0 && capturing) {
            keep(new byte[] {(byte) b}, 0, 1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0 && capturing) {
            keep(b, off, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        if (!capturing) {
            return in.skip(n);
        }
        // Skipped bytes must be kept too, or the record walk loses its place.
        byte[] buffer = new byte[(int) Math.min(n, 8192)];
        long skipped = 0;
        while (skipped < n) {
            int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (read < 0) {
                break;
            }
            skipped += read;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void keep(byte[] b, int off, int n) throws IOException {
        if (length + n > captured.length) {
            if (length + n > MAX_CAPTURE) {
                throw new IOException("tar headers of one entry exceed " + MAX_CAPTURE + " bytes");
            }
            captured = Arrays.copyOf(captured, Math.max(captured.length * 2, length + n));
        }
        System.arraycopy(b, off, captured, length, n);
        length += n;
    }

    /** PAX records are "LEN KEY=VALUE\n" with LEN counting the whole record. */
    private void parseRecords(int start, int size, Map<String, byte[]> xattrs) throws IOException {
        int end = start + size;
        int p = start;
        while (p < end) {
            if (captured[p] == 0) {
                break; // NUL padding some writers leave after the last record
            }
            int q = p;
            long recordLength = 0;
            while (q < end && captured[q] >= '0' && captured[q] <= '9' && recordLength < Integer.MAX_VALUE) {
                recordLength = recordLength * 10 + (captured[q] - '0');
                q++;
            }
            if (q >= end || captured[q] != ' ' || recordLength <= 0 || p + recordLength > end) {
                throw new IOException("malformed PAX extended header record");
            }
            int recordEnd = (int) (p + recordLength);
            int keyStart = q + 1;
            int equals = keyStart;
            while (equals < recordEnd && captured[equals] != '=') {
                equals++;
            }
            if (equals >= recordEnd || captured[recordEnd - 1] != '\n') {
                throw new IOException("malformed PAX extended header record");
            }
            String key = new String(captured, keyStart, equals - keyStart, StandardCharsets.UTF_8);
            if (key.startsWith(XATTR_PREFIX)) {
                xattrs.put(key.substring(XATTR_PREFIX.length()),
                        Arrays.copyOfRange(captured, equals + 1, recordEnd - 1));
            }
            p = recordEnd;
        }
    }

    /** A tar numeric field: octal ASCII, or base-256 when the high bit of its first byte is set. */
    private static long parseSize(byte[] header, int offset) {
        if ((header[offset] & 0x80) != 0) {
            long value = header[offset] & 0x7f;
            for (int i = 1; i < SIZE_LENGTH; i++) {
                if (value > (Long.MAX_VALUE >> 8)) {
                    return -1;
                }
                value = (value << 8) | (header[offset + i] & 0xff);
            }
            return value;
        }
        long value = 0;
        for (int i = 0; i < SIZE_LENGTH; i++) {
            byte b = header[offset + i];
            if (b == 0 || b == ' ') {
                if (value != 0 || i > 0 && header[offset + i - 1] != ' ' && header[offset + i - 1] != 0) {
                    break;
                }
                continue;
            }
            if (b < '0' || b > '7') {
                return -1;
            }
            value = value * 8 + (b - '0');
        }
        return value;
    }
}
