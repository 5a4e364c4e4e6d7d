package org.racker.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tar formats {@link TarReader} must read as Go's archive/tar (umoci's) does, one case each. */
class TarReaderTest {
    @TempDir
    Path temp;

    @Test
    void gnuLongNamesAndBase256Numbers() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes, StandardCharsets.UTF_8.name())) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_STAR); // base-256
            TarArchiveEntry entry = new TarArchiveEntry("d/" + "n".repeat(150));
            entry.setUserId(3_000_000_000L);
            entry.setGroupId(3);
            entry.setModTime(1_700_000_000_000L);
            entry.setSize(5);
            tar.putArchiveEntry(entry);
            tar.write("hello".getBytes(StandardCharsets.UTF_8));
            tar.closeArchiveEntry();
            TarArchiveEntry link = new TarArchiveEntry("l", TarConstants.LF_SYMLINK);
            link.setLinkName("t".repeat(200));
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
        }
        TarReader reader = new TarReader(new ByteArrayInputStream(bytes.toByteArray()));
        TarEntry file = reader.next();
        assertThat(file.name()).isEqualTo("d/" + "n".repeat(150));
        assertThat(file.uid()).isEqualTo(3_000_000_000L);
        assertThat(file.gid()).isEqualTo(3);
        assertThat(file.mtimeSeconds()).isEqualTo(1_700_000_000L);
        assertThat(new String(readData(reader, file), StandardCharsets.UTF_8)).isEqualTo("hello");
        TarEntry symlink = reader.next();
        assertThat(symlink.type()).isEqualTo(TarEntry.SYMLINK);
        assertThat(symlink.linkName()).isEqualTo("t".repeat(200));
        assertThat(reader.next()).isNull();
    }

    @Test
    void ustarPrefixAndTheOtherHeaderFormats() throws Exception {
        requireGnuTar();
        String deep = "p".repeat(90) + "/" + "q".repeat(60) + "/f"; // only a ustar prefix (or more) holds it
        Files.createDirectories(temp.resolve("src").resolve(deep).getParent());
        Files.writeString(temp.resolve("src").resolve(deep), "deep");
        Files.createDirectories(temp.resolve("src/s"));
        Files.writeString(temp.resolve("src/s/f"), "short");
        for (String format : List.of("ustar", "v7", "gnu", "oldgnu", "posix")) {
            Path archive = temp.resolve(format + ".tar");
            List<String> args = new ArrayList<>(List.of("--format=" + format, "-C", temp.resolve("src").toString(),
                    "-cf", archive.toString(), "s"));
            if (!format.equals("v7")) {
                args.add("p".repeat(90));
            }
            tar(args.toArray(String[]::new));
            List<String> names = new ArrayList<>();
            TarReader reader = new TarReader(Files.newInputStream(archive));
            for (TarEntry entry = reader.next(); entry != null; entry = reader.next()) {
                names.add(entry.name());
                if (entry.name().endsWith("/f")) {
                    assertThat(new String(readData(reader, entry), StandardCharsets.UTF_8)).as(format)
                            .isIn("deep", "short");
                }
            }
            assertThat(names).as(format).contains("s/f");
            if (!format.equals("v7")) {
                assertThat(names).as(format).contains(deep);
            }
        }
    }

    @Test
    void sparseFilesInEveryFormatKeepTheirHoles() throws Exception {
        requireGnuTar();
        Path src = Files.createDirectories(temp.resolve("src"));
        byte[] data = new byte[3000];
        new Random(5).nextBytes(data);
        Path sparse = src.resolve("sparse");
        try (var out = java.nio.channels.FileChannel.open(sparse, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            out.write(java.nio.ByteBuffer.wrap(data), 100_000);
            out.write(java.nio.ByteBuffer.wrap(data), 700_000);
            out.write(java.nio.ByteBuffer.wrap(new byte[] {0}), 1_048_575);
        }
        byte[] expected = Files.readAllBytes(sparse);
        for (List<String> options : List.of(List.of("--format=gnu"), List.of("--format=posix"),
                List.of("--format=posix", "--sparse-version=0.1"), List.of("--format=posix", "--sparse-version=0.0"))) {
            Path archive = temp.resolve("a.tar");
            List<String> args = new ArrayList<>(options);
            args.addAll(List.of("--sparse", "-C", src.toString(), "-cf", archive.toString(), "sparse"));
            tar(args.toArray(String[]::new));
            TarReader reader = new TarReader(Files.newInputStream(archive));
            TarEntry entry = reader.next();
            assertThat(entry.name()).as("%s", options).isEqualTo("sparse");
            assertThat(entry.isSparse()).as("%s", options).isTrue();
            assertThat(entry.realSize()).isEqualTo(expected.length);
            Path out = temp.resolve("out");
            try (var channel = java.nio.channels.FileChannel.open(out, java.nio.file.StandardOpenOption.CREATE_NEW,
                    java.nio.file.StandardOpenOption.WRITE)) {
                reader.transferSparse(channel, entry.sparse(), entry.realSize());
            }
            assertThat(Files.readAllBytes(out)).as("%s", options).isEqualTo(expected);
            assertThat((Long) Files.getAttribute(out, "unix:size")).isEqualTo(expected.length);
            assertThat(reader.next()).isNull();
            Files.delete(out);
            Files.delete(archive);
        }
    }

    @Test
    void paxTimesWithFractionsAndSigns() throws Exception {
        assertThat(TarReader.parseTime("1700000000.123456789", "mtime")).containsExactly(1_700_000_000L, 123_456_789L);
        assertThat(TarReader.parseTime("12", "mtime")).containsExactly(12L, 0L);
        assertThat(TarReader.parseTime("12.5", "mtime")).containsExactly(12L, 500_000_000L);
        assertThat(TarReader.parseTime("1.0000000019", "mtime")).containsExactly(1L, 1L);
        assertThat(TarReader.parseTime("-1.5", "mtime")).containsExactly(-2L, 500_000_000L);
        assertThat(TarReader.parseTime("-3", "mtime")).containsExactly(-3L, 0L);
        assertThatThrownBy(() -> TarReader.parseTime("1.x", "mtime")).hasMessageContaining("not a time");
    }

    @Test
    void numericFieldsOctalPaddedOrBase256() throws Exception {
        assertThat(TarReader.parseNumber(field(" 0000644\0"), 0, 8, "mode")).isEqualTo(0644);
        assertThat(TarReader.parseNumber(field("\0\0\0\0\0\0\0\0"), 0, 8, "mode")).isZero();
        assertThat(TarReader.parseNumber(field("755 \0   "), 0, 8, "mode")).isEqualTo(0755);
        byte[] big = new byte[12];
        big[0] = (byte) 0x80;
        big[11] = 1;
        big[10] = 2;
        assertThat(TarReader.parseNumber(big, 0, 12, "size")).isEqualTo(0x0201);
        byte[] negative = new byte[8];
        Arrays.fill(negative, (byte) 0xff);
        assertThat(TarReader.parseNumber(negative, 0, 8, "mtime")).isEqualTo(-1);
        assertThatThrownBy(() -> TarReader.parseNumber(field("12x4    "), 0, 8, "uid"))
                .hasMessageContaining("uid is not a number");
    }

    @Test
    void badChecksumAndTruncationFail() throws Exception {
        byte[] tar = new TarBuilder().file("f", "data").build();
        byte[] corrupt = tar.clone();
        corrupt[0] ^= 1;
        assertThatThrownBy(() -> new TarReader(new ByteArrayInputStream(corrupt)).next())
                .isInstanceOf(IOException.class).hasMessageContaining("bad checksum");
        TarReader truncated = new TarReader(new ByteArrayInputStream(Arrays.copyOf(tar, 514)));
        TarEntry entry = truncated.next();
        assertThatThrownBy(() -> readData(truncated, entry)).hasMessageContaining("truncated");
        assertThatThrownBy(() -> new TarReader(new ByteArrayInputStream(Arrays.copyOf(tar, 300))).next())
                .hasMessageContaining("ends inside a header");
    }

    @Test
    void endOfStreamBetweenEntriesIsTheEnd() throws Exception {
        byte[] tar = new TarBuilder().file("f", "data").build();
        TarReader reader = new TarReader(new ByteArrayInputStream(Arrays.copyOf(tar, 1024))); // no end blocks
        assertThat(reader.next().name()).isEqualTo("f");
        assertThat(reader.next()).isNull();
    }

    // --- headers Go's archive/tar (and so umoci) refuses: layer content is untrusted ---------

    @Test
    @Tag("security")
    void negativePaxSizeRejected() {
        byte[] tar = new TarBuilder().paxForNext(Map.of("size", ascii("-512"))).file("f", "data").build();
        assertRefused(tar, "f", "negative size -512");
    }

    @Test
    @Tag("security")
    void nulInPaxPathRejected() {
        byte[] tar = new TarBuilder().paxForNext(Map.of("path", ascii("etc/ok\0/../../shadow"))).file("f", "x").build();
        assertRefused(tar, "etc/ok", "a NUL byte inside the path etc/ok\\0/../../shadow");
    }

    @Test
    @Tag("security")
    void nulInPaxLinkpathRejected() {
        byte[] tar = new TarBuilder().paxForNext(Map.of("linkpath", ascii("/etc/passwd\0.bak"))).symlink("l", "t").build();
        assertRefused(tar, "l", "a NUL byte inside the linkpath /etc/passwd\\0.bak");
    }

    @Test
    @Tag("security")
    void oversizedUidRejected() {
        // 2^32 + 0: chown's 32-bit uid_t would have made it root
        byte[] tar = new TarBuilder().paxForNext(Map.of("uid", ascii("4294967296"))).file("f", "x").build();
        assertRefused(tar, "f", "uid 4294967296 does not fit a uid_t");
        byte[] gid = new TarBuilder().file("g", "x", TarBuilder.owner(0, 1L << 40)).build(); // base-256 in the header
        assertRefused(gid, "g", "gid 1099511627776 does not fit a gid_t");
        byte[] negative = new TarBuilder().paxForNext(Map.of("uid", ascii("-1"))).file("n", "x").build();
        assertRefused(negative, "n", "uid -1 does not fit a uid_t");
    }

    @Test
    @Tag("security")
    void largestUidAccepted() throws Exception {
        byte[] tar = new TarBuilder().paxForNext(Map.of("uid", ascii("4294967294"))).file("f", "x").build();
        assertThat(new TarReader(new ByteArrayInputStream(tar)).next().uid()).isEqualTo(4_294_967_294L);
    }

    @Test
    @Tag("security")
    void paxHeaderTooLargeRejected() throws Exception {
        byte[] fits = new TarBuilder().paxForNext(Map.of("comment", new byte[TarReader.MAX_HEADERS - 100]))
                .file("f", "x").build();
        assertThat(new TarReader(new ByteArrayInputStream(fits)).next().name()).isEqualTo("f");
        byte[] tar = new TarBuilder().paxForNext(Map.of("comment", new byte[TarReader.MAX_HEADERS])).file("f", "x").build();
        assertThatThrownBy(() -> new TarReader(new ByteArrayInputStream(tar)).next())
                .isInstanceOf(IOException.class).hasMessageContaining("an extended header of")
                .hasMessageContaining("at most " + TarReader.MAX_HEADERS);
    }

    @Test
    @Tag("security")
    void chainedPaxHeadersBounded() {
        TarBuilder builder = new TarBuilder();
        for (int i = 0; i < 5; i++) { // five headers of 300 KiB for one entry: each fits, together they do not
            builder.paxForNext(Map.of("comment" + i, new byte[300 * 1024]));
        }
        byte[] tar = builder.file("f", "x").build();
        assertThatThrownBy(() -> new TarReader(new ByteArrayInputStream(tar)).next())
                .isInstanceOf(IOException.class).hasMessageContaining("the extended headers of one entry exceed");
    }

    @Test
    @Tag("security")
    void globalHeadersBounded() throws Exception {
        TarBuilder builder = new TarBuilder();
        for (int i = 0; i < 5; i++) {
            builder.globalPax(Map.of("SCHILY.xattr.user.g" + i, new byte[300 * 1024])).file("f" + i, "x");
        }
        TarReader reader = new TarReader(new ByteArrayInputStream(builder.build()));
        for (int i = 0; i < 3; i++) { // 900 KiB of global records: still within the bound
            TarEntry entry = reader.next();
            assertThat(entry.name()).isEqualTo("f" + i);
            assertThat(entry.xattrs()).hasSize(i + 1);
        }
        assertThatThrownBy(reader::next).isInstanceOf(IOException.class)
                .hasMessageContaining("global extended headers accumulate beyond " + TarReader.MAX_HEADERS);
    }

    @Test
    @Tag("security")
    void globalRecordsReplacedNotAccumulatedWhenRepeated() throws Exception {
        TarBuilder builder = new TarBuilder();
        for (int i = 0; i < 10; i++) { // the same key again and again: one record in force
            builder.globalPax(Map.of("SCHILY.xattr.user.g", new byte[300 * 1024 + i])).file("f" + i, "x");
        }
        TarReader reader = new TarReader(new ByteArrayInputStream(builder.build()));
        TarEntry first = reader.next();
        for (int i = 1; i < 10; i++) {
            assertThat(reader.next().xattrs().get("user.g")).hasSize(300 * 1024 + i);
        }
        assertThat(first.xattrs().get("user.g")).as("an earlier entry keeps what was in force for it").hasSize(300 * 1024);
    }

    private static void assertRefused(byte[] tar, String entry, String problem) {
        assertThatThrownBy(() -> {
            TarReader reader = new TarReader(new ByteArrayInputStream(tar));
            while (reader.next() != null) {
                // read on
            }
        }).isInstanceOfSatisfying(TarFormatException.class, e -> assertThat(e.entry()).contains(entry))
                .hasMessageContaining(problem);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] readData(TarReader reader, TarEntry entry) throws IOException {
        byte[] data = new byte[(int) entry.size()];
        int done = 0;
        while (done < data.length) {
            int n = reader.read(data, done, data.length - done);
            if (n < 0) {
                break;
            }
            done += n;
        }
        return data;
    }

    private static byte[] field(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void requireGnuTar() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/tar")) || Files.isExecutable(Path.of("/bin/tar")),
                "GNU tar makes the fixtures");
    }

    private static void tar(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tar"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("%s: %s", command, output).isZero();
    }
}
