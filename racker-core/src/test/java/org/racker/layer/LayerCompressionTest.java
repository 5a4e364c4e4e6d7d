package org.racker.layer;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlift.compress.zstd.ZstdOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerCompressionTest {
    @TempDir
    Path temp;

    @Test
    void mediaTypesMapToCompression() {
        assertThat(LayerCompression.forMediaType("application/vnd.oci.image.layer.v1.tar")).contains(LayerCompression.NONE);
        assertThat(LayerCompression.forMediaType("application/vnd.oci.image.layer.v1.tar+gzip")).contains(LayerCompression.GZIP);
        assertThat(LayerCompression.forMediaType("application/vnd.oci.image.layer.v1.tar+zstd")).contains(LayerCompression.ZSTD);
        assertThat(LayerCompression.forMediaType("application/vnd.docker.image.rootfs.diff.tar.gzip"))
                .contains(LayerCompression.GZIP);
        assertThat(LayerCompression.forMediaType("application/vnd.docker.image.rootfs.foreign.diff.tar.gzip"))
                .contains(LayerCompression.GZIP);
        assertThat(LayerCompression.forMediaType("application/vnd.oci.image.config.v1+json")).isEmpty();
    }

    @Test
    void gzipWithSeveralMembersAndTrailingZeros() throws IOException {
        ByteArrayOutputStream blob = new ByteArrayOutputStream();
        blob.writeBytes(gzip("first "));
        blob.writeBytes(gzip("second"));
        blob.writeBytes(new byte[64]);
        assertThat(read(LayerCompression.GZIP, blob.toByteArray())).isEqualTo("first second");
    }

    @Test
    void zstdIsDecodedInPureJava() throws IOException {
        ByteArrayOutputStream blob = new ByteArrayOutputStream();
        try (OutputStream zstd = new ZstdOutputStream(blob)) {
            zstd.write("zstd layer ".repeat(10_000).getBytes(StandardCharsets.UTF_8));
        }
        assertThat(read(LayerCompression.ZSTD, blob.toByteArray())).isEqualTo("zstd layer ".repeat(10_000));
    }

    @Test
    void blobSourceDecompressesAndUnpacks() throws Exception {
        Assumptions.assumeTrue(LayerUnpackerTest.isRoot(), "unpacking needs root");
        byte[] tar = new TarBuilder().dir("etc/").file("etc/hostname", "zstd-host").build();
        Path blob = temp.resolve("blob");
        try (OutputStream zstd = new ZstdOutputStream(Files.newOutputStream(blob))) {
            zstd.write(tar);
        }
        Path root = temp.resolve("root");
        new LayerUnpacker().unpack(java.util.List.of(LayerSource.ofBlob("sha256:zstd", blob, LayerCompression.ZSTD)), root);
        assertThat(root.resolve("etc/hostname")).hasContent("zstd-host");
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static String read(LayerCompression compression, byte[] blob) throws IOException {
        try (InputStream in = compression.decompress(new ByteArrayInputStream(blob))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
