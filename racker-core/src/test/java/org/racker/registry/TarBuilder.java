package org.racker.registry;

import io.airlift.compress.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/**
 * Writes small POSIX ustar archives for test layers: directories, regular files, symlinks and
 * hardlinks, owned by root, fixed mtime (so the same entries give the same bytes). Names are
 * written exactly as given, hostile ones included ({@code ../x}, {@code /etc/x}). Enough for
 * registry and pull tests, which move layers and unpack simple ones; not a general tar writer.
 */
public final class TarBuilder {
    private static final long MTIME = 1_700_000_000L;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public TarBuilder directory(String path, int mode) {
        header(path.endsWith("/") ? path : path + "/", mode, 0, '5');
        return this;
    }

    public TarBuilder file(String path, int mode, byte[] content) {
        header(path, mode, content.length, '0');
        out.writeBytes(content);
        pad(content.length);
        return this;
    }

    public TarBuilder file(String path, String content) {
        return file(path, 0644, content.getBytes(StandardCharsets.UTF_8));
    }

    public TarBuilder symlink(String path, String target) {
        header(path, 0777, 0, '2', target);
        return this;
    }

    public TarBuilder hardlink(String path, String target) {
        header(path, 0644, 0, '1', target);
        return this;
    }

    /** A PAX header, {@code x} (for the next entry) or {@code g} (global), of the records given. */
    public TarBuilder paxHeader(char type, byte[] records) {
        header(type == 'g' ? "pax_global_header" : "PaxHeaders/next", 0644, records.length, type);
        out.writeBytes(records);
        pad(records.length);
        return this;
    }

    /** The PAX record "LEN KEY=VALUE\n". */
    public static byte[] paxRecord(String key, String value) {
        int body = 1 + key.length() + 1 + value.length() + 1; // ASCII only: ' ' key '=' value '\n'
        int length = body + Integer.toString(body).length();
        if (Integer.toString(length).length() != Integer.toString(body).length()) {
            length++;
        }
        return (length + " " + key + "=" + value + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The archive with its two zero end blocks. */
    public byte[] tar() {
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        copy.writeBytes(out.toByteArray());
        copy.writeBytes(new byte[1024]);
        return copy.toByteArray();
    }

    /** The archive gzip-compressed. */
    public byte[] tarGz() {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(compressed)) {
            gz.write(tar());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return compressed.toByteArray();
    }

    /** The archive zstd-compressed. */
    public byte[] tarZstd() {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (OutputStream zstd = new ZstdOutputStream(compressed)) {
            zstd.write(tar());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return compressed.toByteArray();
    }

    private void header(String name, int mode, long size, char type) {
        header(name, mode, size, type, "");
    }

    private void header(String name, int mode, long size, char type, String linkName) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        byte[] linkBytes = linkName.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length > 100 || linkBytes.length > 100) {
            throw new IllegalArgumentException("names and link targets up to 100 bytes only: " + name);
        }
        byte[] h = new byte[512];
        System.arraycopy(nameBytes, 0, h, 0, nameBytes.length);
        System.arraycopy(linkBytes, 0, h, 157, linkBytes.length);
        octal(h, 100, 8, mode);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, size);
        octal(h, 136, 12, MTIME);
        h[156] = (byte) type;
        ascii(h, 257, "ustar\0");
        ascii(h, 263, "00");
        ascii(h, 265, "root");
        ascii(h, 297, "root");
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        octal(h, 148, 7, sum);
        h[155] = ' ';
        out.writeBytes(h);
    }

    private void pad(long size) {
        int rest = (int) (size % 512);
        if (rest != 0) {
            out.writeBytes(new byte[512 - rest]);
        }
    }

    /** A zero-padded octal number of width-1 digits and a NUL. */
    private static void octal(byte[] h, int offset, int width, long value) {
        String digits = Long.toOctalString(value);
        String padded = "0".repeat(width - 1 - digits.length()) + digits;
        ascii(h, offset, padded + "\0");
    }

    private static void ascii(byte[] h, int offset, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, h, offset, bytes.length);
    }
}
