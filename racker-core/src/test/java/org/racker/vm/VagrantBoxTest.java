package org.racker.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.racker.EventLog;
import org.racker.InvalidArgumentException;

/** Unpacking Vagrant boxes, whose content is untrusted; the disk is a qcow2 header only (nothing boots here). */
class VagrantBoxTest {
    private static final byte[] METADATA = "{\"provider\":\"libvirt\",\"format\":\"qcow2\"}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;

    private static byte[] qcow2() {
        ByteBuffer b = ByteBuffer.allocate(1024);
        b.put(new byte[] {'Q', 'F', 'I', (byte) 0xfb}).putInt(3);
        return b.array();
    }

    private Path box(String name, boolean gzip, Map<String, Object> entries) throws IOException {
        Path file = tmp.resolve(name);
        try (OutputStream raw = Files.newOutputStream(file);
             OutputStream out = gzip ? new GZIPOutputStream(raw) : raw;
             TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            for (Map.Entry<String, Object> e : entries.entrySet()) {
                TarArchiveEntry entry;
                if (e.getValue() instanceof byte[] content) {
                    entry = new TarArchiveEntry(e.getKey(), true);
                    entry.setSize(content.length);
                    tar.putArchiveEntry(entry);
                    tar.write(content);
                } else {
                    entry = new TarArchiveEntry(e.getKey(), TarConstants.LF_SYMLINK, true);
                    entry.setLinkName((String) e.getValue());
                    tar.putArchiveEntry(entry);
                }
                tar.closeArchiveEntry();
            }
        }
        return file;
    }

    private Map<String, Object> entries(Object... nameValue) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            m.put((String) nameValue[i], nameValue[i + 1]);
        }
        return m;
    }

    @Test
    void gzippedBoxIsUnpackedOnceAndItsDiskKept() throws Exception {
        Path boxes = tmp.resolve("boxes");
        Path file = box("my.box", true, entries("./metadata.json", METADATA, "./box.img", qcow2(),
                "./Vagrantfile", "x".getBytes(StandardCharsets.UTF_8)));
        VmDisk disk = VmDisks.open(file, boxes, EventLog.SILENT);
        assertThat(disk.format()).isEqualTo(DiskFormat.QCOW2);
        assertThat(disk.file().getParent().getParent()).isEqualTo(boxes);
        assertThat(Files.readAllBytes(disk.file())).isEqualTo(qcow2());
        assertThat(disk.file().resolveSibling("metadata.json")).hasBinaryContent(METADATA);
        assertThat(disk.file().resolveSibling("content")).doesNotExist();
        var unpackedAt = Files.getLastModifiedTime(disk.file().getParent());
        assertThat(VmDisks.open(file, boxes, EventLog.SILENT)).isEqualTo(disk);
        assertThat(Files.getLastModifiedTime(disk.file().getParent())).as("not unpacked again").isEqualTo(unpackedAt);
    }

    @Test
    void untrustedContentIsRefusedAndNothingIsLeft() throws Exception {
        Path boxes = tmp.resolve("boxes");
        Map<String, Map<String, Object>> cases = new LinkedHashMap<>();
        cases.put("has no box.img (as a regular file)", entries("metadata.json", METADATA, "box.img", "/etc/passwd"));
        cases.put("cannot unpack", entries("metadata.json", METADATA, "../escaped", qcow2()));
        cases.put("is not a qcow2 image", entries("metadata.json", METADATA, "box.img", new byte[1024]));
        cases.put("is for the provider \"virtualbox\"", entries("metadata.json",
                "{\"provider\":\"virtualbox\"}".getBytes(StandardCharsets.UTF_8), "box.ovf", new byte[10]));
        cases.put("has no metadata.json", entries("box.img", qcow2()));
        int n = 0;
        for (Map.Entry<String, Map<String, Object>> c : cases.entrySet()) {
            Path file = box("bad" + n++ + ".box", n % 2 == 0, c.getValue());
            assertThatThrownBy(() -> VmDisks.open(file, boxes, EventLog.SILENT)).as(c.getKey())
                    .isInstanceOf(InvalidArgumentException.class).hasMessageContaining(c.getKey())
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
        try (Stream<Path> left = Files.list(boxes)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly(".lock");
        }
        assertThat(tmp.resolve("escaped")).doesNotExist();
    }
}
