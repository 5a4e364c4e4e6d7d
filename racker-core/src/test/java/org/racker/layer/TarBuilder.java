package org.racker.layer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Builds a layer's tar in memory, entries in the order given, with fixed default metadata. */
final class TarBuilder {
    static final FileTime DEFAULT_MTIME = FileTime.from(Instant.parse("2021-02-03T04:05:06Z"));

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes, StandardCharsets.UTF_8.name());

    TarBuilder() {
        this(TarArchiveOutputStream.LONGFILE_POSIX);
    }

    /** With GNU tar's long names ('L'/'K' entries) or PAX ones. */
    TarBuilder(int longFileMode) {
        tar.setLongFileMode(longFileMode);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    @SafeVarargs
    final TarBuilder dir(String name, Consumer<TarArchiveEntry>... customisers) {
        return add(entry(name, TarConstants.LF_DIR, 0755), new byte[0], customisers);
    }

    @SafeVarargs
    final TarBuilder file(String name, String content, Consumer<TarArchiveEntry>... customisers) {
        return file(name, content.getBytes(StandardCharsets.UTF_8), customisers);
    }

    @SafeVarargs
    final TarBuilder file(String name, byte[] content, Consumer<TarArchiveEntry>... customisers) {
        return add(entry(name, TarConstants.LF_NORMAL, 0644), content, customisers);
    }

    @SafeVarargs
    final TarBuilder symlink(String name, String target, Consumer<TarArchiveEntry>... customisers) {
        TarArchiveEntry entry = entry(name, TarConstants.LF_SYMLINK, 0777);
        entry.setLinkName(target);
        return add(entry, new byte[0], customisers);
    }

    TarBuilder hardlink(String name, String target) {
        TarArchiveEntry entry = entry(name, TarConstants.LF_LINK, 0644);
        entry.setLinkName(target);
        return add(entry, new byte[0]);
    }

    @SafeVarargs
    final TarBuilder fifo(String name, Consumer<TarArchiveEntry>... customisers) {
        return add(entry(name, TarConstants.LF_FIFO, 0644), new byte[0], customisers);
    }

    @SafeVarargs
    final TarBuilder device(String name, byte type, int major, int minor, Consumer<TarArchiveEntry>... customisers) {
        TarArchiveEntry entry = entry(name, type, 0660);
        entry.setDevMajor(major);
        entry.setDevMinor(minor);
        return add(entry, new byte[0], customisers);
    }

    /** A whiteout is an empty regular file named .wh.NAME (or .wh..wh..opq). */
    TarBuilder whiteout(String name) {
        return file(name, new byte[0]);
    }

    /** An entry of any type flag, data included. */
    TarBuilder raw(String name, byte type, byte[] data) {
        return add(entry(name, type, 0644), data);
    }

    /**
     * A PAX extended header carrying binary xattr values for the next entry. Commons Compress
     * can only write PAX values as UTF-8 text, so the records are written by hand.
     */
    TarBuilder xattrsForNext(Map<String, byte[]> xattrs) {
        Map<String, byte[]> records = new java.util.LinkedHashMap<>();
        xattrs.forEach((name, value) -> records.put("SCHILY.xattr." + name, value));
        return paxHeader(records, TarConstants.LF_PAX_EXTENDED_HEADER_LC);
    }

    /** A PAX extended header of any records, byte for byte, malformed ones included. */
    TarBuilder paxForNext(Map<String, byte[]> records) {
        return paxHeader(records, TarConstants.LF_PAX_EXTENDED_HEADER_LC);
    }

    /** A PAX global header of any records; values are taken as ASCII (Commons Compress writes it). */
    TarBuilder globalPax(Map<String, byte[]> records) {
        TarArchiveEntry global = new TarArchiveEntry("pax_global_header", TarConstants.LF_PAX_GLOBAL_EXTENDED_HEADER, true);
        records.forEach((key, value) -> global.addPaxHeader(key, new String(value, StandardCharsets.ISO_8859_1)));
        try {
            tar.putArchiveEntry(global);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** The record "LEN KEY=VALUE\n" of a PAX header. */
    static byte[] paxRecord(String key, byte[] value) {
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        int body = 1 + keyBytes.length + 1 + value.length + 1; // ' ' key '=' value '\n'
        int length = body + Integer.toString(body).length();
        if (Integer.toString(length).length() != Integer.toString(body).length()) {
            length++;
        }
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.writeBytes(Integer.toString(length).getBytes(StandardCharsets.US_ASCII));
        record.write(' ');
        record.writeBytes(keyBytes);
        record.write('=');
        record.writeBytes(value);
        record.write('\n');
        return record.toByteArray();
    }

    /** A PAX global header (text values): its xattrs apply to every entry after it. */
    TarBuilder globalXattrs(Map<String, String> xattrs) {
        TarArchiveEntry global = new TarArchiveEntry("pax_global_header", TarConstants.LF_PAX_GLOBAL_EXTENDED_HEADER, true);
        xattrs.forEach((name, value) -> global.addPaxHeader("SCHILY.xattr." + name, value));
        try {
            tar.putArchiveEntry(global); // Commons Compress writes the records, and needs no close
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    private TarBuilder paxHeader(Map<String, byte[]> pax, byte type) {
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        pax.forEach((key, value) -> records.writeBytes(paxRecord(key, value)));
        return add(entry("PaxHeaders/next", type, 0644), records.toByteArray());
    }

    byte[] build() {
        try {
            tar.finish();
            tar.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    LayerSource layer(String name) {
        byte[] data = build();
        return LayerSource.of(name, () -> new java.io.ByteArrayInputStream(data));
    }

    static Consumer<TarArchiveEntry> mode(int mode) {
        return e -> e.setMode(mode);
    }

    static Consumer<TarArchiveEntry> owner(long uid, long gid) {
        return e -> {
            e.setUserId(uid);
            e.setGroupId(gid);
        };
    }

    static Consumer<TarArchiveEntry> mtime(long epochSeconds) {
        return e -> e.setLastModifiedTime(FileTime.from(Instant.ofEpochSecond(epochSeconds)));
    }

    /** A text xattr through Commons Compress's own PAX support. */
    static Consumer<TarArchiveEntry> xattr(String name, String value) {
        return e -> e.addPaxHeader("SCHILY.xattr." + name, value);
    }

    private static TarArchiveEntry entry(String name, byte type, int mode) {
        TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
        entry.setMode(mode);
        entry.setUserId(0);
        entry.setGroupId(0);
        entry.setLastModifiedTime(DEFAULT_MTIME);
        return entry;
    }

    @SafeVarargs
    private TarBuilder add(TarArchiveEntry entry, byte[] data, Consumer<TarArchiveEntry>... customisers) {
        for (Consumer<TarArchiveEntry> customiser : customisers) {
            customiser.accept(entry);
        }
        entry.setSize(data.length);
        try {
            tar.putArchiveEntry(entry);
            tar.write(data);
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }
}
