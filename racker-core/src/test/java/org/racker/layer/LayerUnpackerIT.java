package org.racker.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.racker.layer.TarBuilder.mode;
import static org.racker.layer.TarBuilder.mtime;
import static org.racker.layer.TarBuilder.owner;
import static org.racker.layer.TarBuilder.xattr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test: an OCI image whose layers cover the edge cases, built with umoci
 * (gzip layers) and converted by skopeo (zstd layers), unpacked by {@code umoci raw unpack
 * --keep-dirlinks} and by {@link LayerUnpacker}; the two trees must be the same: paths,
 * types, modes, owners, mtimes (seconds), link targets, hardlink groups, content hashes,
 * device numbers and xattrs.
 *
 * <p>The layers stay within what both unpackers agree on by design: every new directory has
 * its own entry (umoci gives implicitly created directories the time of their creation), no
 * file stands where a later layer needs a directory (umoci 0.4.7 fails there), no bare
 * {@code .wh.} whiteout (umoci deletes the parent), no PAX global header (umoci fails) and
 * no entry that leaves the root (umoci clamps it inside, racker refuses it).
 */
@Tag("integration")
class LayerUnpackerIT {
    private static final String TAG = "test";
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    Path layout;
    Path umociRoot;

    @BeforeAll
    static void tools() throws IOException {
        Assumptions.assumeTrue(LayerUnpackerTest.isRoot(), "unpacking needs root");
        Assumptions.assumeTrue(onPath("umoci"), "umoci is not installed");
        Assumptions.assumeTrue(onPath("skopeo"), "skopeo is not installed");
    }

    @BeforeEach
    void buildImage() throws Exception {
        layout = temp.resolve("layout");
        run("umoci", "init", "--layout", layout.toString());
        run("umoci", "new", "--image", layout + ":" + TAG);
        int n = 0;
        for (byte[] layer : List.of(baseLayer(), changesLayer(), lastLayer())) {
            Path tar = temp.resolve("layer" + n++ + ".tar");
            Files.write(tar, layer);
            run("umoci", "raw", "add-layer", "--image", layout + ":" + TAG, tar.toString());
        }
        umociRoot = temp.resolve("umoci-rootfs");
        run("umoci", "raw", "unpack", "--keep-dirlinks", "--image", layout + ":" + TAG, umociRoot.toString());
    }

    @AfterEach
    void removeTrees() throws IOException {
        try (var children = Files.list(temp)) {
            for (Path child : children.toList()) {
                FileTrees.deleteRecursively(child);
            }
        }
    }

    @Test
    void gzipLayersUnpackLikeUmoci() throws Exception {
        Path ours = temp.resolve("racker-rootfs");
        new LayerUnpacker().unpack(layers(layout, "application/vnd.oci.image.layer.v1.tar+gzip"), ours);

        List<String> expected = asRackerUnpacks(describe(umociRoot));
        assertThat(expected).hasSizeGreaterThan(40);
        assertThat(describe(ours)).containsExactlyElementsOf(expected);
    }

    @Test
    void zstdLayersUnpackLikeUmoci() throws Exception {
        Path zstdLayout = temp.resolve("layout-zstd");
        run("skopeo", "--insecure-policy", "copy", "--dest-compress-format", "zstd",
                "oci:" + layout + ":" + TAG, "oci:" + zstdLayout + ":" + TAG);
        Path ours = temp.resolve("racker-rootfs");
        new LayerUnpacker().unpack(layers(zstdLayout, "application/vnd.oci.image.layer.v1.tar+zstd"), ours);

        assertThat(describe(ours)).containsExactlyElementsOf(asRackerUnpacks(describe(umociRoot)));
    }

    // --- the image -------------------------------------------------------------------------

    private static byte[] baseLayer() {
        byte[] capability = {1, 0, 0, 2, (byte) 0xc0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        Map<String, byte[]> binaryXattrs = new LinkedHashMap<>();
        binaryXattrs.put("security.capability", capability);
        binaryXattrs.put("trusted.blob", new byte[] {0, (byte) 0xff, (byte) 0x80, '=', '\n'});
        byte[] big = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(big);
        String longDir = "deep/" + "d".repeat(90) + "/";
        return new TarBuilder()
                .dir("./", mode(0755), mtime(1_600_000_000))
                .dir("etc/", mtime(1_600_000_001))
                .file("etc/passwd", "root:x:0:0:root:/root:/bin/sh\n", mtime(1_600_000_002))
                .file("etc/shadow", "root:*:19000::::::\n", mode(0640), owner(0, 42))
                .file("etc/hostname", "base\n")
                .dir("usr/")
                .dir("usr/bin/", mtime(1_600_000_003))
                .xattrsForNext(binaryXattrs)
                .file("usr/bin/newuidmap", "ELF", mode(04755))
                .file("usr/bin/sg", "ELF", mode(02755), owner(0, 50))
                .file("usr/bin/both", "ELF", mode(06711), owner(12, 34))
                .dir("usr/lib/", mtime(1_600_000_004))
                .file("usr/lib/liba.so.1", big)
                .symlink("usr/lib/liba.so", "liba.so.1")
                .symlink("usr/lib/libb.so", "liba.so.1")
                .symlink("lib", "usr/lib")
                .symlink("lib64", "/usr/lib")
                .symlink("bin", "usr/bin", owner(3, 3), mtime(1_500_000_000))
                .dir("tmp/", mode(01777))
                .file("tmp/lower", "lower")
                .dir("run/")
                .dir("var/")
                .symlink("var/run", "/run")
                .dir("dev/")
                .device("dev/null", TarConstants.LF_CHR, 1, 3, mode(0666))
                .device("dev/loop0", TarConstants.LF_BLK, 7, 0, mode(0660), owner(0, 6))
                .fifo("dev/initctl", mode(0600))
                .dir("data/", mode(0750), owner(100000, 100000), xattr("user.comment", "lower"))
                .file("data/a", "shared inode", xattr("trusted.note", "t"), xattr("user.mime", "text/plain"))
                .hardlink("data/a-link", "data/a")
                .hardlink("data/a-dotdot", "data/../data/a")
                .symlink("data/lnk", "a")
                .hardlink("data/lnk-hard", "data/lnk")
                .symlink("data/verbatim", "x//y/./z/")
                .dir("données/")
                .file("données/été.txt", "utf-8 names")
                .dir("deep/")
                .dir(longDir)
                .file(longDir + "f".repeat(120), "long name")
                .symlink("deep/long-target", "t".repeat(150))
                .dir("old/").dir("old/sub/").file("old/sub/x", "x").symlink("old/sub/l", "/etc")
                .dir("opq/", mode(0700)).file("opq/a", "a").dir("opq/sub/").file("opq/sub/b", "b")
                .dir("spare/").file("spare/lower", "lower")
                .dir("replace/")
                .dir("replace/dir-to-file/").file("replace/dir-to-file/x", "x")
                .file("replace/file-to-dir", "f")
                .symlink("replace/link-to-dir", "../etc/passwd")
                .file("replace/file-to-link", "f")
                .fifo("replace/fifo-to-file")
                .build();
    }

    private static byte[] changesLayer() {
        return new TarBuilder()
                .dir("etc/", mode(0750), owner(0, 5), mtime(1_600_001_000))
                .whiteout("etc/.wh.hostname")
                .file("etc/passwd", "root:x:0:0::/root:/bin/bash\n", mtime(1_600_001_001))
                .hardlink("etc/shadow-link", "etc/shadow")
                .whiteout(".wh.old")
                .whiteout(".wh.nothere")
                .whiteout("usr/.wh.nothere")
                .whiteout("data/.wh.lnk")
                .dir("data/", mode(0755), owner(0, 0))
                .file("data/upper", "upper")
                .dir("opq/", mode(0755), mtime(1_600_001_002))
                .file("opq/before", "same layer, before the marker")
                .whiteout("opq/.wh..wh..opq")
                .file("opq/after", "same layer, after the marker")
                .file("spare/new", "spared")
                .whiteout("spare/.wh.new")
                .dir("lib/", mtime(1_600_001_003), owner(7, 7))
                .file("lib/libc.so.6", "through the dirlink")
                .dir("bin/")
                .file("bin/extra", "through another dirlink", mode(0755))
                .file("usr/lib/libb.so", "was a symlink")
                .file("usr/bin/newtool", "no dir entry for usr/bin here", mode(04750), owner(0, 10))
                .file("replace/dir-to-file", "now a file")
                .dir("replace/file-to-dir/", mode(0711))
                .dir("replace/link-to-dir/")
                .symlink("replace/file-to-link", "/dev/null")
                .file("replace/fifo-to-file", "was a fifo")
                .file("tmp/upper", "upper")
                .build();
    }

    private static byte[] lastLayer() {
        return new TarBuilder()
                .whiteout("tmp/.wh..wh..opq")
                .file("var/run/pid", "through an absolute symlink")
                .dir("srv/", mtime(1_600_002_000))
                .dir("srv/www/", mode(02775), owner(33, 33))
                .file("srv/www/index.html", "<html/>", owner(33, 33))
                .hardlink("srv/www/passwd", "etc/passwd")
                .whiteout("data/.wh.a")
                // Links pointing out of the root are stored verbatim by both; writing through
                // them, and names that leave the root, racker refuses (LayerUnpackerTest).
                .symlink("up", "../../..")
                .file("srv/../dotdot-inside", "y")
                .build();
    }

    // --- reading the layout ------------------------------------------------------------------

    private static List<LayerSource> layers(Path layout, String expectedMediaType) throws IOException {
        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        JsonNode manifestDescriptor = null;
        for (JsonNode descriptor : index.get("manifests")) {
            if (TAG.equals(descriptor.path("annotations").path("org.opencontainers.image.ref.name").asText())) {
                manifestDescriptor = descriptor;
            }
        }
        assertThat(manifestDescriptor).as("manifest tagged %s in %s", TAG, layout).isNotNull();
        JsonNode manifest = JSON.readTree(blob(layout, manifestDescriptor.get("digest").asText()).toFile());
        List<LayerSource> layers = new ArrayList<>();
        for (JsonNode layer : manifest.get("layers")) {
            String mediaType = layer.get("mediaType").asText();
            assertThat(mediaType).isEqualTo(expectedMediaType);
            String digest = layer.get("digest").asText();
            layers.add(LayerSource.ofBlob(digest, blob(layout, digest),
                    LayerCompression.forMediaType(mediaType).orElseThrow()));
        }
        assertThat(layers).hasSize(3);
        return layers;
    }

    private static Path blob(Path layout, String digest) {
        String[] parts = digest.split(":", 2);
        return layout.resolve("blobs").resolve(parts[0]).resolve(parts[1]);
    }

    // --- comparing trees -------------------------------------------------------------------

    private static final java.util.regex.Pattern DEVICE_MODE =
            java.util.regex.Pattern.compile("^(.* (?:char|block) mode=)([0-7]+)( .*)$");

    /**
     * umoci's listing with racker's one departure applied: character and block devices never
     * keep read or write for others (TarLayerExtractor says why).
     */
    static List<String> asRackerUnpacks(List<String> umociLines) {
        return umociLines.stream().map(line -> {
            java.util.regex.Matcher m = DEVICE_MODE.matcher(line);
            return m.matches()
                    ? m.group(1) + Integer.toOctalString(Integer.parseInt(m.group(2), 8) & ~0006) + m.group(3)
                    : line;
        }).toList();
    }

    /** One line per path, sorted: everything the comparison covers, atime aside. */
    static List<String> describe(Path root) throws Exception {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) { // does not follow links
            paths = walk.sorted().toList();
        }
        Map<Object, String> firstPathOfInode = new HashMap<>();
        List<String> lines = new ArrayList<>();
        for (Path path : paths) {
            String relative = root.equals(path) ? "." : root.relativize(path).toString();
            Map<String, Object> unix = Files.readAttributes(path, "unix:*", NOFOLLOW);
            int mode = (Integer) unix.get("mode");
            int type = mode & 0170000;
            StringBuilder line = new StringBuilder(relative).append(' ').append(typeName(type));
            if (type != 0120000) {
                line.append(" mode=").append(Integer.toOctalString(mode & 07777));
            }
            line.append(" owner=").append(unix.get("uid")).append(':').append(unix.get("gid"));
            line.append(" mtime=").append(((FileTime) unix.get("lastModifiedTime")).toMillis() / 1000);
            int nlink = (Integer) unix.get("nlink");
            line.append(" nlink=").append(nlink);
            if (type != 0040000 && nlink > 1) {
                String first = firstPathOfInode.putIfAbsent(List.of(unix.get("dev"), unix.get("ino")), relative);
                line.append(" same-inode-as=").append(first == null ? relative : first);
            }
            switch (type) {
                case 0100000:
                    line.append(" size=").append(unix.get("size")).append(" sha256=").append(sha256(path));
                    break;
                case 0120000:
                    line.append(" -> ").append(LayerUnpackerTest.readlink(path));
                    break;
                case 0020000:
                case 0060000:
                    line.append(" rdev=").append(Long.toHexString((Long) unix.get("rdev")));
                    break;
                default:
                    break;
            }
            List<String> xattrs = new ArrayList<>(Xattrs.list(path));
            xattrs.remove("security.selinux");
            xattrs.sort(null);
            for (String name : xattrs) {
                line.append(" xattr:").append(name).append('=').append(HexFormat.of().formatHex(Xattrs.get(path, name)));
            }
            lines.add(line.toString());
        }
        return lines;
    }

    private static String typeName(int type) {
        switch (type) {
            case 0040000:
                return "dir";
            case 0100000:
                return "file";
            case 0120000:
                return "symlink";
            case 0010000:
                return "fifo";
            case 0020000:
                return "char";
            case 0060000:
                return "block";
            default:
                return "type-" + Integer.toOctalString(type);
        }
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    // --- processes ---------------------------------------------------------------------------

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        int status = process.waitFor();
        assertThat(status).as("%s failed:%n%s", String.join(" ", command), output).isZero();
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
