package org.racker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobSpoolTest {
    @TempDir
    Path dir;

    @Test
    void readerFollowsTheDownloadAndEndsOnlyOnceStored() throws Exception {
        Path target = dir.resolve("blob");
        BlobSpool spool = BlobSpool.create(target);
        byte[] data = new byte[1_000_000];
        new Random(3).nextBytes(data);
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> readAll(spool));
        OutputStream out = spool.output();
        for (int i = 0; i < data.length; i += 70_000) {
            out.write(data, i, Math.min(70_000, data.length - i));
        }
        Thread.sleep(50);
        assertThat(read).as("no end before the blob is stored").isNotDone();
        spool.store();
        assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo(data);
        assertThat(Files.readAllBytes(target)).isEqualTo(data);
        assertThat(files()).containsExactly(target);
        try (InputStream late = spool.follow()) {
            assertThat(late.readAllBytes()).as("a reader opened after the rename").isEqualTo(data);
        }
    }

    @Test
    void readerFailsWithTheDownloadAndNothingIsKept() throws Exception {
        BlobSpool spool = BlobSpool.create(dir.resolve("blob"));
        InputStream in = spool.follow();
        spool.output().write(new byte[1000]);
        assertThat(in.read(new byte[2000])).isEqualTo(1000);
        spool.fail(new IOException("digest mismatch"));
        assertThatThrownBy(() -> in.read(new byte[10])).isInstanceOf(IOException.class)
                .hasMessageContaining("failed").hasRootCauseMessage("digest mismatch");
        assertThatThrownBy(spool::await).hasMessage("digest mismatch");
        assertThatThrownBy(() -> spool.output().write(1)).isInstanceOf(IOException.class);
        assertThatThrownBy(spool::store).isInstanceOf(IOException.class);
        assertThat(files()).isEmpty();
        in.close();
    }

    @Test
    void gzipMembersArrivingLaterAreNotTakenForTheEnd() throws Exception {
        BlobSpool spool = BlobSpool.create(dir.resolve("blob"));
        byte[] first = gzip("first member, ".repeat(100));
        byte[] second = gzip("second member");
        spool.output().write(first);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(300); // the reader is at the end of the first member by now
                spool.output().write(second);
                spool.store();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        try (InputStream in = new java.util.zip.GZIPInputStream(spool.follow(), 64 * 1024)) {
            assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo("first member, ".repeat(100) + "second member");
        }
        writer.get(10, TimeUnit.SECONDS);
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new java.util.zip.GZIPOutputStream(bytes)) {
            gz.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static byte[] readAll(BlobSpool spool) {
        try (InputStream in = spool.follow()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private java.util.List<Path> files() throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.toList();
        }
    }
}
