package org.racker.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.racker.EventLog;
import org.racker.InvalidArgumentException;

class DiskFormatTest {
    @TempDir
    Path tmp;

    private static byte[] qcow2(int version, long backingOffset, long incompatible) {
        ByteBuffer b = ByteBuffer.allocate(512);
        b.put(new byte[] {'Q', 'F', 'I', (byte) 0xfb}).putInt(version).putLong(backingOffset);
        b.putLong(72, incompatible);
        return b.array();
    }

    private static byte[] mbr() {
        byte[] sector = new byte[512];
        sector[510] = 0x55;
        sector[511] = (byte) 0xaa;
        return sector;
    }

    @Test
    void formatsAreToldByContent() {
        assertThat(DiskFormat.of(qcow2(3, 0, 0))).contains(DiskFormat.QCOW2);
        assertThat(DiskFormat.of(mbr())).contains(DiskFormat.RAW);
        assertThat(DiskFormat.of(new byte[] {0x1f, (byte) 0x8b, 8, 0})).contains(DiskFormat.BOX);
        byte[] tar = new byte[512];
        System.arraycopy("ustar".getBytes(StandardCharsets.US_ASCII), 0, tar, 257, 5);
        assertThat(DiskFormat.of(tar)).contains(DiskFormat.BOX);
        assertThat(DiskFormat.of(new byte[512])).isEmpty();
        assertThat(DiskFormat.of(new byte[0])).isEmpty();
        assertThat(DiskFormat.of(new byte[] {0x55, (byte) 0xaa})).as("too short for a boot sector").isEmpty();
    }

    @Test
    void otherFormatsAreNamedWithWhatToDo() {
        assertThat(DiskFormat.describe("KDMV....".getBytes(StandardCharsets.US_ASCII))).contains("VMDK")
                .contains("qemu-img convert");
        assertThat(DiskFormat.describe("vhdxfile".getBytes(StandardCharsets.US_ASCII))).contains("VHDX");
        assertThat(DiskFormat.describe(new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0})).contains("compressed");
        assertThat(DiskFormat.describe(new byte[0])).isEqualTo("an empty file");
    }

    @Test
    void qcow2NamingABackingOrDataFileIsSeen() {
        assertThat(DiskFormat.namesOtherFiles(qcow2(3, 0, 0))).isFalse();
        assertThat(DiskFormat.namesOtherFiles(qcow2(3, 0x200, 0))).isTrue();
        assertThat(DiskFormat.namesOtherFiles(qcow2(3, 0, 0x4))).isTrue();
        assertThat(DiskFormat.namesOtherFiles(qcow2(2, 0, 0x4))).as("version 2 has no feature bits").isFalse();
    }

    @Test
    void openTellsMissingDirectoriesAndUnknownFiles() throws Exception {
        Path boxes = tmp.resolve("boxes");
        assertThatThrownBy(() -> VmDisks.open(tmp.resolve("none"), boxes, EventLog.SILENT))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> VmDisks.open(tmp, boxes, EventLog.SILENT))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("not a regular file");
        Path empty = Files.createFile(tmp.resolve("disk.qcow2"));
        assertThatThrownBy(() -> VmDisks.open(empty, boxes, EventLog.SILENT))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("an empty file");
        // named .qcow2, a raw disk all the same
        Path raw = Files.write(tmp.resolve("raw.qcow2"), mbr());
        assertThat(VmDisks.open(raw, boxes, EventLog.SILENT)).isEqualTo(new VmDisk(raw, DiskFormat.RAW));
        assertThat(boxes).doesNotExist();
    }

    @Test
    void boxMetadataOfAnotherProviderOrFormatIsRefusedNamingIt() throws Exception {
        VagrantBox.checkMetadata("{\"provider\":\"libvirt\",\"format\":\"qcow2\"}".getBytes(StandardCharsets.UTF_8), "b");
        assertThatThrownBy(() -> VagrantBox.checkMetadata("{\"provider\":\"virtualbox\"}"
                .getBytes(StandardCharsets.UTF_8), "the box")).hasMessage("the box is for the provider \"virtualbox\":"
                + " racker boots boxes of the libvirt provider (qcow2) only");
        assertThatThrownBy(() -> VagrantBox.checkMetadata("{\"provider\":\"libvirt\",\"format\":\"raw\"}"
                .getBytes(StandardCharsets.UTF_8), "b")).hasMessageContaining("\"raw\"");
        assertThatThrownBy(() -> VagrantBox.checkMetadata("{".getBytes(StandardCharsets.UTF_8), "b"))
                .hasMessageContaining("is not JSON").satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThatThrownBy(() -> VagrantBox.checkMetadata("[]".getBytes(StandardCharsets.UTF_8), "b"))
                .hasMessageContaining("provider \"\"");
    }
}
