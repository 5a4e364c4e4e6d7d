package org.racker.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.racker.layer.TarBuilder.mode;
import static org.racker.layer.TarBuilder.mtime;
import static org.racker.layer.TarBuilder.owner;
import static org.racker.layer.TarBuilder.xattr;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per edge case of umoci's unpacking that racker must match (see STYLE.md). */
class LayerUnpackerTest {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    @TempDir
    Path temp;

    /** The root; its parent, {@link #temp}, stands for "outside the root". */
    Path root;

    /** A host directory outside the root that layers try to reach. */
    Path outside;

    private final LayerUnpacker unpacker = new LayerUnpacker();

    @BeforeAll
    static void needsRoot() throws IOException {
        // chown, mknod and trusted.*/security.* xattrs need root, as umoci does without --rootless.
        Assumptions.assumeTrue(isRoot(), "layer unpacking tests need root");
    }

    @BeforeEach
    void setUp() throws IOException {
        root = temp.resolve("root");
        outside = Files.createDirectory(temp.resolve("outside"));
        Files.writeString(outside.resolve("victim"), "host file");
    }

    @AfterEach
    void removeRootQuietly() throws IOException {
        // Ourselves, so that JUnit does not warn about every absolute symlink in the tree.
        try (var children = Files.list(temp)) {
            for (Path child : children.toList()) {
                FileTrees.deleteRecursively(child);
            }
        }
    }

    @Test
    void dotDotEntriesRefused() throws Exception {
        List<String> canary = canary();
        for (String name : List.of("../escaped", "a/../../../b", "..", "./c/./../../d", "../outside/victim",
                "../root/x")) {
            assertRefused(new TarBuilder().dir("a/").file(name, "escaped?").layer("l1"), name, "climb above");
            assertThat(canary()).as("outside the root after %s", name).isEqualTo(canary);
        }
        assertRefused(new TarBuilder().dir("a/").dir("a/../../up/").layer("l1"), "a/../../up/", "climb above");
        assertRefused(new TarBuilder().file("x", "x").whiteout("../outside/.wh.victim").layer("l1"),
                "../outside/.wh.victim", "climb above");
        assertThat(canary()).isEqualTo(canary);

        // A ".." that stays inside is harmless: cleaned away, as umoci does.
        unpack(new TarBuilder().file("a/../b", "inside").file("./c/./../d", "also inside").layer("l1"));
        assertThat(root.resolve("b")).hasContent("inside");
        assertThat(root.resolve("d")).hasContent("also inside");
        assertThat(root.resolve("a")).doesNotExist();
        assertThat(root.resolve("c")).doesNotExist();
        assertThat(canary()).isEqualTo(canary);
    }

    @Test
    void absoluteEntriesRefused() throws Exception {
        List<String> canary = canary();
        for (String name : List.of("/absolute", "/etc/passwd", outside.resolve("victim").toString(),
                outside.resolve("new").toString(), "//double")) {
            assertRefused(new TarBuilder().file("x", "x").file(name, "escaped?").layer("l1"), name, "absolute name");
            assertThat(canary()).as("outside the root after %s", name).isEqualTo(canary);
        }
        assertRefused(new TarBuilder().dir("/").layer("l1"), "/", "absolute name");
        assertRefused(new TarBuilder().symlink(outside.resolve("link").toString(), "/").layer("l1"),
                outside.resolve("link").toString(), "absolute name");
        assertThat(canary()).isEqualTo(canary);
    }

    @Test
    void symlinkEscapingRootRefused() throws Exception {
        List<String> canary = canary();
        LayerSource links = new TarBuilder()
                .dir("sub/")
                .symlink("up", "../../..")
                .symlink("out", "../outside")
                .symlink("sub/up", "../..")
                .symlink("rel", "sub")
                .symlink("chain", "rel/../..")
                .symlink("hop", "sub/up")
                .layer("links");
        for (String name : List.of("up/x", "out/victim", "out/new", "sub/up/outside/victim", "chain/x", "hop/x",
                "out/.wh.victim", "out/.wh..wh..opq", "out/")) {
            byte[] write = name.endsWith("/") ? new TarBuilder().dir(name).build()
                    : new TarBuilder().file(name, "through the link").build();
            assertRefused(links, LayerSource.of("l2", () -> new ByteArrayInputStream(write)), name,
                    "refusing to write through the symlink");
            assertThat(canary()).as("outside the root after %s", name).isEqualTo(canary);
        }
        assertThatThrownBy(() -> unpack(links, new TarBuilder().file("out/victim", "x").layer("l2")))
                .hasMessageContaining("the symlink out (-> ../outside)");
        assertThatThrownBy(() -> unpack(links, new TarBuilder().file("hop/x", "x").layer("l2")))
                .hasMessageContaining("the symlink sub/up (-> ../..)");

        // The links themselves are stored as they are; only writing through them is refused.
        unpack(links);
        assertThat(readlink(root.resolve("up"))).isEqualTo("../../..");
        assertThat(readlink(root.resolve("out"))).isEqualTo("../outside");
        assertThat(canary()).isEqualTo(canary);
    }

    @Test
    void hardlinkEscapingRootRefused() throws Exception {
        List<String> canary = canary();
        LayerSource base = new TarBuilder().dir("etc/").file("etc/passwd", "inside")
                .symlink("out", "../outside").layer("base");
        for (String target : List.of("../outside/victim", "../../etc/passwd", "etc/../../outside/victim",
                outside.resolve("victim").toString(), "/etc/passwd", "out/victim")) {
            byte[] link = new TarBuilder().hardlink("h", target).build();
            assertRefused(base, LayerSource.of("l2", () -> new ByteArrayInputStream(link)), "h",
                    target.startsWith("out/") ? "refusing to write through the symlink out" : "hardlink target");
            assertThat(canary()).as("outside the root after a hardlink to %s", target).isEqualTo(canary);
        }
        assertThat(Files.getAttribute(outside.resolve("victim"), "unix:nlink")).isEqualTo(1);
    }

    @Test
    void symlinkInParentResolvedInsideRoot() throws Exception {
        unpack(
                new TarBuilder()
                        .dir("sub/")
                        .symlink("host", outside.toString())
                        .symlink("rel", "sub")
                        .symlink("chain", "rel/../host")
                        .layer("l1"),
                new TarBuilder()
                        .file("host/victim", "through an absolute link")
                        .file("rel/z", "through a relative link")
                        .file("chain/w", "through a chain")
                        .layer("l2"));

        Path hostInside = root.resolve(root.getRoot().relativize(outside));
        assertThat(hostInside.resolve("victim")).hasContent("through an absolute link");
        assertThat(hostInside.resolve("w")).hasContent("through a chain");
        assertThat(root.resolve("sub/z")).hasContent("through a relative link");
        assertThat(root.resolve("host")).isSymbolicLink();
        assertThat(outside.resolve("victim")).hasContent("host file");
        try (var outsideFiles = Files.list(outside)) {
            assertThat(outsideFiles).containsExactly(outside.resolve("victim"));
        }
        try (var siblings = Files.list(temp)) {
            assertThat(siblings).containsExactlyInAnyOrder(root, outside);
        }
    }

    @Test
    void symlinkTargetsStoredVerbatim() throws Exception {
        unpack(new TarBuilder()
                .symlink("double", "a//b/")
                .symlink("climb", "../../../../etc/passwd")
                .symlink("absolute", "/usr/lib/")
                .symlink("dot", "./x/.")
                .symlink("dangling", "no/such/thing")
                .layer("l1"));

        assertThat(readlink(root.resolve("double"))).isEqualTo("a//b/");
        assertThat(readlink(root.resolve("climb"))).isEqualTo("../../../../etc/passwd");
        assertThat(readlink(root.resolve("absolute"))).isEqualTo("/usr/lib/");
        assertThat(readlink(root.resolve("dot"))).isEqualTo("./x/.");
        assertThat(readlink(root.resolve("dangling"))).isEqualTo("no/such/thing");
    }

    @Test
    void emptyWhiteoutNameRejected() throws Exception {
        for (String whiteout : List.of("d/.wh.", "d/.wh..", "d/.wh...", ".wh...")) {
            Path dir = Files.createDirectory(temp.resolve("case" + Math.abs(whiteout.hashCode())));
            unpacker.unpack(List.of(new TarBuilder().dir("d/").file("d/f", "kept").layer("l1")), dir);

            assertThatThrownBy(() -> apply(new TarBuilder().whiteout(whiteout).build(), dir))
                    .isInstanceOf(LayerUnpackException.class)
                    .hasMessageContaining("entry " + whiteout)
                    .hasMessageContaining("names no file");
            assertThat(dir.resolve("d/f")).hasContent("kept");
        }
        assertThat(outside.resolve("victim")).hasContent("host file");
    }

    @Test
    void whiteoutRemovesFileOrTree() throws Exception {
        unpack(
                new TarBuilder()
                        .file("f", "file")
                        .dir("t/").dir("t/sub/").file("t/sub/x", "deep").symlink("t/sub/l", "/")
                        .dir("keep/").file("keep/k", "k")
                        .symlink("l", "keep")
                        .layer("l1"),
                new TarBuilder()
                        .whiteout(".wh.f")
                        .whiteout(".wh.t")
                        .whiteout(".wh.l")
                        .layer("l2"));

        assertThat(root.resolve("f")).doesNotExist();
        assertThat(root.resolve("t")).doesNotExist();
        assertThat(Files.exists(root.resolve("l"), NOFOLLOW)).isFalse();
        assertThat(root.resolve("keep/k")).hasContent("k"); // the link went, not its target
        assertThat(root.resolve(".wh.f")).doesNotExist();
    }

    @Test
    void whiteoutOfMissingPathIsNoOp() throws Exception {
        unpack(
                new TarBuilder().file("file", "f").dir("d/").layer("l1"),
                new TarBuilder()
                        .whiteout(".wh.nothere")
                        .whiteout("d/.wh.nothere")
                        .whiteout("nodir/.wh.x")
                        .whiteout("file/.wh.x")
                        .whiteout("nodir2/.wh..wh..opq")
                        .layer("l2"));

        assertThat(root.resolve("file")).hasContent("f");
        assertThat(root.resolve("d")).isEmptyDirectory();
        assertThat(root.resolve("nodir")).doesNotExist();
        assertThat(root.resolve("nodir2")).doesNotExist();
        try (var entries = Files.list(root)) {
            assertThat(entries).containsExactlyInAnyOrder(root.resolve("file"), root.resolve("d"));
        }
    }

    @Test
    void whiteoutSparesEntriesOfSameLayer() throws Exception {
        unpack(
                new TarBuilder()
                        .dir("d/").file("d/old", "lower")
                        .dir("e/").file("e/old", "lower").dir("e/sub/").file("e/sub/old", "lower")
                        .layer("l1"),
                new TarBuilder()
                        .file("d/new", "upper")
                        .whiteout("d/.wh.new")
                        .file("e/sub/new", "upper")
                        .whiteout(".wh.e")
                        .layer("l2"));

        assertThat(root.resolve("d/new")).hasContent("upper");
        assertThat(root.resolve("d/old")).hasContent("lower");
        assertThat(root.resolve("e/sub/new")).hasContent("upper");
        assertThat(root.resolve("e/old")).doesNotExist();
        assertThat(root.resolve("e/sub/old")).doesNotExist();
    }

    @Test
    void opaqueDirKeepsDirAndSameLayerEntries() throws Exception {
        unpack(
                new TarBuilder()
                        .dir("o/", mode(0750), owner(3, 4), mtime(1_000_000))
                        .file("o/old", "lower")
                        .dir("o/olddir/").file("o/olddir/x", "lower")
                        .dir("o/kept/").file("o/kept/lower", "lower")
                        .dir("other/").file("other/untouched", "lower")
                        .layer("l1"),
                new TarBuilder()
                        .file("o/new", "before the marker")
                        .file("o/kept/upper", "same layer")
                        .whiteout("o/.wh..wh..opq")
                        .file("o/later", "after the marker")
                        .layer("l2"));

        Path o = root.resolve("o");
        assertThat(o).isDirectory();
        assertThat(modeOf(o)).isEqualTo(0750);
        assertThat(ownerOf(o)).isEqualTo("3:4");
        assertThat(mtimeOf(o)).isEqualTo(1_000_000);
        try (var entries = Files.list(o)) {
            assertThat(entries).containsExactlyInAnyOrder(o.resolve("new"), o.resolve("kept"), o.resolve("later"));
        }
        try (var kept = Files.list(o.resolve("kept"))) {
            assertThat(kept).containsExactly(o.resolve("kept/upper"));
        }
        assertThat(root.resolve("other/untouched")).hasContent("lower");
        assertThat(o.resolve(".wh..wh..opq")).doesNotExist();
    }

    @Test
    void parentDirMetadataRestoredAfterChildren() throws Exception {
        unpack(
                new TarBuilder()
                        .dir("./", mode(0755), mtime(100))
                        .dir("d/", mode(0700), owner(1, 2), mtime(1_000))
                        .file("d/a", "a", mtime(5))
                        .dir("d/b/", mtime(2_000))
                        .file("d/b/c", "c")
                        .file("late/x", "x")
                        .dir("late/", mtime(3_000))
                        .layer("l1"),
                new TarBuilder()
                        .file("d/new", "n")
                        .whiteout("d/.wh.a")
                        .file("d/b/c2", "c2")
                        .layer("l2"));

        assertThat(mtimeOf(root)).isEqualTo(100);
        assertThat(mtimeOf(root.resolve("d"))).isEqualTo(1_000);
        assertThat(modeOf(root.resolve("d"))).isEqualTo(0700);
        assertThat(ownerOf(root.resolve("d"))).isEqualTo("1:2");
        assertThat(mtimeOf(root.resolve("d/b"))).isEqualTo(2_000);
        assertThat(mtimeOf(root.resolve("late"))).isEqualTo(3_000);
        assertThat(mtimeOf(root.resolve("d/new"))).isEqualTo(TarBuilder.DEFAULT_MTIME.toMillis() / 1000);
        assertThat(root.resolve("d/a")).doesNotExist();
    }

    @Test
    void nonDirParentReplacedByDir() throws Exception {
        unpack(
                new TarBuilder().file("a", "a file").fifo("p").symlink("s", "missing").layer("l1"),
                new TarBuilder().file("a/b", "below").file("p/q/r", "deeper").file("s/t", "via dangling").layer("l2"));

        assertThat(root.resolve("a")).isDirectory();
        assertThat(modeOf(root.resolve("a"))).isEqualTo(0755);
        assertThat(root.resolve("a/b")).hasContent("below");
        assertThat(root.resolve("p")).isDirectory();
        assertThat(root.resolve("p/q/r")).hasContent("deeper");
        // A dangling symlink in the parent is followed inside the root: its target is created.
        assertThat(root.resolve("s")).isSymbolicLink();
        assertThat(root.resolve("missing/t")).hasContent("via dangling");
    }

    @Test
    void missingParentsCreated() throws Exception {
        unpack(new TarBuilder().file("x/y/z/file", "content", owner(5, 6)).layer("l1"));

        for (String dir : List.of("x", "x/y", "x/y/z")) {
            assertThat(root.resolve(dir)).isDirectory();
            assertThat(modeOf(root.resolve(dir))).isEqualTo(0755);
            assertThat(ownerOf(root.resolve(dir))).isEqualTo("0:0");
        }
        assertThat(root.resolve("x/y/z/file")).hasContent("content");
        assertThat(ownerOf(root.resolve("x/y/z/file"))).isEqualTo("5:6");
    }

    @Test
    void existingDirMergedOtherTypesReplaced() throws Exception {
        unpack(
                new TarBuilder()
                        .dir("d/").file("d/keep", "lower")
                        .file("f", "file")
                        .dir("g/").file("g/x", "x")
                        .file("target", "must not change")
                        .symlink("s", "target")
                        .fifo("p")
                        .layer("l1"),
                new TarBuilder()
                        .dir("d/", mode(0700), owner(5, 5))
                        .file("d/added", "upper")
                        .dir("f/")
                        .file("g", "was a dir")
                        .file("s", "was a symlink")
                        .symlink("p", "target")
                        .layer("l2"));

        assertThat(root.resolve("d/keep")).hasContent("lower");
        assertThat(root.resolve("d/added")).hasContent("upper");
        assertThat(modeOf(root.resolve("d"))).isEqualTo(0700);
        assertThat(ownerOf(root.resolve("d"))).isEqualTo("5:5");
        assertThat(root.resolve("f")).isEmptyDirectory();
        assertThat(root.resolve("g")).isRegularFile().hasContent("was a dir");
        assertThat(Files.isSymbolicLink(root.resolve("s"))).isFalse();
        assertThat(root.resolve("s")).hasContent("was a symlink");
        assertThat(root.resolve("target")).hasContent("must not change");
        assertThat(readlink(root.resolve("p"))).isEqualTo("target");
    }

    @Test
    void symlinkToDirKeptWhenLayerHasDir() throws Exception {
        unpack(
                new TarBuilder()
                        .dir("usr/").dir("usr/lib/", mtime(7)).file("usr/lib/a", "a")
                        .symlink("lib", "usr/lib")
                        .symlink("lib64", "/usr/lib")
                        .symlink("broken", "nowhere")
                        .symlink("tofile", "usr/lib/a")
                        .layer("l1"),
                new TarBuilder()
                        .dir("lib/", mode(0700), owner(5, 0), mtime(9))
                        .file("lib/b", "b")
                        .dir("lib64/")
                        .file("lib64/c", "c")
                        .dir("broken/").file("broken/x", "x")
                        .dir("tofile/").file("tofile/y", "y")
                        .layer("l2"));

        assertThat(readlink(root.resolve("lib"))).isEqualTo("usr/lib");
        assertThat(readlink(root.resolve("lib64"))).isEqualTo("/usr/lib");
        // The directory entry's metadata went onto the link itself, never through it.
        assertThat(ownerOf(root.resolve("lib"))).isEqualTo("5:0");
        assertThat(mtimeOf(root.resolve("lib"))).isEqualTo(9);
        assertThat(modeOf(root.resolve("usr/lib"))).isEqualTo(0755);
        assertThat(ownerOf(root.resolve("usr/lib"))).isEqualTo("0:0");
        assertThat(mtimeOf(root.resolve("usr/lib"))).isEqualTo(7);
        try (var lib = Files.list(root.resolve("usr/lib"))) {
            assertThat(lib.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a", "b", "c");
        }
        assertThat(Files.isSymbolicLink(root.resolve("broken"))).isFalse();
        assertThat(root.resolve("broken/x")).hasContent("x");
        assertThat(Files.isSymbolicLink(root.resolve("tofile"))).isFalse();
        assertThat(root.resolve("tofile/y")).hasContent("y");
        assertThat(root.resolve("usr/lib/a")).hasContent("a");
    }

    @Test
    void hardlinkScopedToRoot() throws Exception {
        unpack(new TarBuilder()
                .dir("etc/").file("etc/passwd", "inside")
                .symlink("hostetc", "/etc")
                .hardlink("h1", "etc/passwd")
                .hardlink("h2", "etc/../etc/passwd")
                .hardlink("h3", "hostetc/passwd")
                .hardlink("h4", "hostetc")
                .layer("l1"));

        Object inside = inode(root.resolve("etc/passwd"));
        assertThat(inode(root.resolve("h1"))).isEqualTo(inside);
        assertThat(inode(root.resolve("h2"))).isEqualTo(inside);
        assertThat(inode(root.resolve("h3"))).as("through an absolute symlink, inside the root").isEqualTo(inside);
        assertThat(Files.getAttribute(root.resolve("etc/passwd"), "unix:nlink")).isEqualTo(4);
        // A hardlink to a symlink links the symlink, not what it points to.
        assertThat(readlink(root.resolve("h4"))).isEqualTo("/etc");
        assertThat(inode(root.resolve("h4"))).isEqualTo(inode(root.resolve("hostetc")));
        assertThat(Files.getAttribute(outside.resolve("victim"), "unix:nlink")).isEqualTo(1);
    }

    @Test
    void hardlinkToRemovedTargetFails() {
        assertThatThrownBy(() -> unpack(
                new TarBuilder().file("f", "f").layer("l1"),
                new TarBuilder().whiteout(".wh.f").hardlink("h", "f").layer("sha256:second")))
                .isInstanceOf(LayerUnpackException.class)
                .hasMessageContaining("layer sha256:second")
                .hasMessageContaining("entry h")
                .hasMessageContaining("hardlink target f does not exist")
                .satisfies(e -> assertThat(((LayerUnpackException) e).entry()).contains("h"));
        assertThat(root).doesNotExist();
    }

    @Test
    void fifoAndDeviceNodesCreated() throws Exception {
        unpack(new TarBuilder()
                .fifo("p", mode(0600), owner(7, 8))
                .device("null", TarConstants.LF_CHR, 1, 3, mode(0666))
                .device("loop0", TarConstants.LF_BLK, 7, 0, mode(0660), owner(0, 6))
                .device("big", TarConstants.LF_CHR, 259, 70000)
                .layer("l1"));

        assertThat(fullMode(root.resolve("p"))).isEqualTo(0010600);
        assertThat(ownerOf(root.resolve("p"))).isEqualTo("7:8");
        assertThat(fullMode(root.resolve("null"))).isEqualTo(0020660); // see devicesNeverOpenToOthers
        assertThat(rdev(root.resolve("null"))).isEqualTo(PosixCalls.makedev(1, 3));
        assertThat(fullMode(root.resolve("loop0"))).isEqualTo(0060660);
        assertThat(rdev(root.resolve("loop0"))).isEqualTo(PosixCalls.makedev(7, 0));
        assertThat(ownerOf(root.resolve("loop0"))).isEqualTo("0:6");
        assertThat(rdev(root.resolve("big"))).isEqualTo(PosixCalls.makedev(259, 70000));
    }

    @Test
    @Tag("security")
    void devicesNeverOpenToOthers() throws Exception {
        unpack(new TarBuilder()
                .device("mem", TarConstants.LF_CHR, 1, 1, mode(0666))
                .device("sda", TarConstants.LF_BLK, 8, 0, mode(06777))
                .device("tty", TarConstants.LF_CHR, 5, 0, mode(0620))
                .fifo("pipe", mode(0666))
                .layer("l1"),
                new TarBuilder()
                        .device("sda", TarConstants.LF_BLK, 8, 0, mode(0606)) // replaced by a later layer
                        .hardlink("mem-again", "mem")
                        .layer("l2"));

        assertThat(fullMode(root.resolve("mem"))).isEqualTo(0020660);
        assertThat(fullMode(root.resolve("mem-again"))).isEqualTo(0020660);
        assertThat(fullMode(root.resolve("sda"))).isEqualTo(0060600);
        assertThat(fullMode(root.resolve("tty"))).isEqualTo(0020620);
        assertThat(fullMode(root.resolve("pipe"))).as("a fifo opens nothing of the host").isEqualTo(0010666);
    }

    @Test
    void setuidSurvivesChown() throws Exception {
        unpack(
                new TarBuilder()
                        .file("ping", "p", mode(04755), owner(1000, 1000))
                        .file("sg", "s", mode(02755), owner(0, 50))
                        .file("both", "b", mode(06711), owner(12, 34))
                        .dir("tmp/", mode(01777))
                        .dir("shared/", mode(02775), owner(7, 7))
                        .layer("l1"),
                new TarBuilder()
                        .dir("shared/", mode(02775), owner(8, 9))
                        .layer("l2"));

        assertThat(fullMode(root.resolve("ping"))).isEqualTo(0104755);
        assertThat(ownerOf(root.resolve("ping"))).isEqualTo("1000:1000");
        assertThat(fullMode(root.resolve("sg"))).isEqualTo(0102755);
        assertThat(fullMode(root.resolve("both"))).isEqualTo(0106711);
        assertThat(ownerOf(root.resolve("both"))).isEqualTo("12:34");
        assertThat(fullMode(root.resolve("tmp"))).isEqualTo(0041777);
        assertThat(fullMode(root.resolve("shared"))).isEqualTo(0042775);
        assertThat(ownerOf(root.resolve("shared"))).isEqualTo("8:9");
    }

    @Test
    void noChmodThroughSymlinks() throws Exception {
        Files.setPosixFilePermissions(outside, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        unpack(
                new TarBuilder()
                        .dir("real/", mode(0755))
                        .file("file", "f", mode(0644))
                        .symlink("lnk", "real")
                        .symlink("flink", "file")
                        .symlink("hostlink", outside.toString())
                        .layer("l1"),
                new TarBuilder()
                        .dir("lnk/", mode(0700))
                        .symlink("flink", "file", mode(0600))
                        .hardlink("hl", "flink")
                        .dir("hostlink/", mode(0700))
                        .layer("l2"));

        assertThat(readlink(root.resolve("lnk"))).isEqualTo("real");
        assertThat(modeOf(root.resolve("real"))).isEqualTo(0755);
        assertThat(modeOf(root.resolve("file"))).isEqualTo(0644);
        // Resolved inside the root the host path does not exist: the link is replaced, the host untouched.
        assertThat(Files.isSymbolicLink(root.resolve("hostlink"))).isFalse();
        assertThat(modeOf(root.resolve("hostlink"))).isEqualTo(0700);
        assertThat(modeOf(outside)).isEqualTo(0755);
        assertThat(outside.resolve("victim")).hasContent("host file");
    }

    @Test
    void xattrsApplied() throws Exception {
        // A v2 file capability (cap_setuid,cap_setgid=ep): bytes 0x80 and 0xc0 are not UTF-8.
        byte[] capability = {1, 0, 0, 2, (byte) 0xc0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        byte[] binary = {0, (byte) 0xff, (byte) 0x80, '=', '\n', 0x7f};
        Map<String, byte[]> xattrs = new LinkedHashMap<>();
        xattrs.put("security.capability", capability);
        xattrs.put("trusted.binary", binary);
        xattrs.put("user.empty", new byte[0]);
        unpack(
                new TarBuilder()
                        .xattrsForNext(xattrs)
                        .file("newuidmap", "bin", mode(04755))
                        .dir("d/", xattr("user.comment", "hello"), xattr("trusted.t", "2"))
                        .file("plain", "p", xattr("user.mime_type", "text/plain"))
                        .layer("l1"),
                new TarBuilder()
                        .dir("d/", xattr("user.other", "new"))
                        .layer("l2"));

        Path bin = root.resolve("newuidmap");
        assertThat(Xattrs.list(bin)).containsExactlyInAnyOrder("security.capability", "trusted.binary", "user.empty");
        assertThat(Xattrs.get(bin, "security.capability")).isEqualTo(capability);
        assertThat(Xattrs.get(bin, "trusted.binary")).isEqualTo(binary);
        assertThat(Xattrs.get(bin, "user.empty")).isEmpty();
        assertThat(fullMode(bin)).isEqualTo(0104755);
        assertThat(Xattrs.get(root.resolve("plain"), "user.mime_type")).isEqualTo(bytes("text/plain"));
        // The upper layer's entry for d replaces its xattrs as a whole.
        assertThat(Xattrs.list(root.resolve("d"))).containsExactly("user.other");
        assertThat(Xattrs.get(root.resolve("d"), "user.other")).isEqualTo(bytes("new"));
    }

    @Test
    void unknownEntryTypeFails() throws Exception {
        Files.createDirectory(root);
        assertThatThrownBy(() -> apply(new TarBuilder().file("ok", "1").raw("weird", (byte) 'Z', new byte[0]).build(), root))
                .isInstanceOf(LayerUnpackException.class)
                .hasMessageContaining("entry weird")
                .hasMessageContaining("unsupported entry type 'Z'");
        assertThat(root.resolve("weird")).doesNotExist();
        assertThatThrownBy(() -> apply(new TarBuilder().raw("contiguous", TarConstants.LF_CONTIG, new byte[0]).build(), root))
                .isInstanceOf(LayerUnpackException.class)
                .hasMessageContaining("entry contiguous");
    }

    @Test
    void failedUnpackLeavesNoRoot() throws Exception {
        LayerSource good = new TarBuilder().dir("d/").file("d/f", "f").fifo("p").layer("good");
        assertThatThrownBy(() -> unpack(good, new TarBuilder().file("x", "x").raw("bad", (byte) 'V', new byte[0]).layer("bad")))
                .isInstanceOf(LayerUnpackException.class)
                .hasMessageContaining("layer bad");
        assertThat(root).doesNotExist();

        byte[] whole = new TarBuilder().file("big", new byte[100_000]).build();
        LayerSource truncated = LayerSource.of("truncated", () -> new ByteArrayInputStream(Arrays.copyOf(whole, 50_000)));
        Files.createDirectory(root); // a caller-made empty temporary directory is removed too
        assertThatThrownBy(() -> unpack(good, truncated))
                .isInstanceOf(LayerUnpackException.class)
                .hasMessageContaining("layer truncated");
        assertThat(root).doesNotExist();

        LayerSource unreadable = LayerSource.of("unreadable", () -> {
            throw new IOException("blob missing");
        });
        assertThatThrownBy(() -> unpack(good, unreadable)).hasMessageContaining("blob missing");
        assertThat(root).doesNotExist();
        assertThat(outside.resolve("victim")).hasContent("host file");
    }

    @Test
    @Tag("security")
    void errorOnAReadingThreadFailsTheUnpackAtOnce() {
        byte[] tar = new TarBuilder().file("a", "a").file("big", new byte[600_000]).build();
        // a real stream that runs out of memory half-way, as a hostile layer once made the reader do
        LayerSource exhausting = LayerSource.of("exhausting", () -> new java.io.FilterInputStream(
                new ByteArrayInputStream(tar)) {
            private int read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read > 300_000) {
                    throw new OutOfMemoryError("Java heap space");
                }
                int n = super.read(b, off, Math.min(len, 4096));
                read += Math.max(n, 0);
                return n;
            }
        });
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () -> { // only a guard against a hang
            assertThatThrownBy(() -> unpack(new TarBuilder().file("f", "f").layer("l1"), exhausting))
                    .isInstanceOf(LayerUnpackException.class)
                    .hasMessageStartingWith("unpacking layer exhausting")
                    .hasMessageContaining("java.lang.OutOfMemoryError: Java heap space")
                    .hasMessageNotContaining("\n");
        });
        assertThat(root).doesNotExist();
        assertThat(root.getParent()).isDirectoryNotContaining(p -> p.getFileName().toString().contains("staging"));
    }

    // Beyond the list: behaviour the store and the differential test rely on.

    @Test
    void rootEntryMayOnlyChangeMetadata() throws Exception {
        unpack(new TarBuilder().dir("./", mode(0700), owner(3, 4), mtime(42)).layer("l1"));
        assertThat(modeOf(root)).isEqualTo(0700);
        assertThat(ownerOf(root)).isEqualTo("3:4");
        assertThat(mtimeOf(root)).isEqualTo(42);

        assertThatThrownBy(() -> apply(new TarBuilder().symlink("./", "/").build(), root))
                .isInstanceOf(LayerUnpackException.class)
                .hasMessageContaining("root directory");
        assertThat(root).isDirectory();
    }

    @Test
    void newRootLooksLikeUmocis() throws Exception {
        unpack(new TarBuilder().file("f", "f").layer("l1"));
        assertThat(modeOf(root)).isEqualTo(0755);
        assertThat(ownerOf(root)).isEqualTo("0:0");
        assertThat(mtimeOf(root)).isZero();
    }

    @Test
    void streamIsReadToItsEnd() throws Exception {
        byte[] tar = new TarBuilder().file("f", "f").build();
        byte[] withTrailer = Arrays.copyOf(tar, tar.length + 3000);
        Files.createDirectory(root);
        ByteArrayInputStream in = new ByteArrayInputStream(withTrailer);
        unpacker.apply("l1", in, root);
        assertThat(in.available()).isZero();
    }

    @Test
    void refusesNonEmptyRoot() throws Exception {
        Files.createDirectory(root);
        Files.writeString(root.resolve("leftover"), "x");
        assertThatThrownBy(() -> unpack(new TarBuilder().file("f", "f").layer("l1")))
                .isInstanceOf(LayerUnpackException.class)
                .hasMessageContaining("not empty");
        assertThat(root.resolve("leftover")).exists();
    }

    @Test
    void symlinkLoopInParentFails() {
        assertThatThrownBy(() -> unpack(new TarBuilder().symlink("loop", "loop").file("loop/x", "x").layer("l1")))
                .isInstanceOf(LayerUnpackException.class)
                .hasMessageContaining("entry loop/x")
                .hasMessageContaining("too many levels of symbolic links");
    }

    @Test
    void gnuLongNamesAndPaxGlobalHeaders() throws Exception {
        String longName = "dir/" + "n".repeat(150);
        String longTarget = "t".repeat(200);
        unpack(new TarBuilder(org.apache.commons.compress.archivers.tar.TarArchiveOutputStream.LONGFILE_GNU)
                .globalXattrs(Map.of("trusted.global", "g"))
                .dir("dir/")
                .xattrsForNext(Map.of("user.local", new byte[] {(byte) 0x80}))
                .file(longName, "long")
                .symlink("dir/" + "s".repeat(120), longTarget)
                .hardlink("dir/" + "h".repeat(110), longName)
                .layer("l1"));

        assertThat(root.resolve(longName)).hasContent("long");
        assertThat(readlink(root.resolve("dir/" + "s".repeat(120)))).isEqualTo(longTarget);
        assertThat(inode(root.resolve("dir/" + "h".repeat(110)))).isEqualTo(inode(root.resolve(longName)));
        assertThat(Xattrs.list(root.resolve(longName))).containsExactlyInAnyOrder("trusted.global", "user.local");
        assertThat(Xattrs.get(root.resolve(longName), "user.local")).isEqualTo(new byte[] {(byte) 0x80});
        assertThat(Xattrs.list(root.resolve("dir"))).containsExactly("trusted.global");
        try (var top = Files.list(root)) {
            assertThat(top).containsExactly(root.resolve("dir"));
        }
    }

    @Test
    void sizeIsWhatAWalkOfTheTreeAddsUp() throws Exception {
        long size = unpacker.unpack(List.of(
                new TarBuilder().dir("d/").file("d/a", "aaaa").file("d/b", "bb").file("c", "c")
                        .hardlink("d/a-link", "d/a").dir("opq/").file("opq/x", "xxxxx").file("gone", "123456")
                        .file("replaced", "12345678").file("parent", "123").layer("l1"),
                new TarBuilder().whiteout(".wh.gone").file("replaced", "1").whiteout("opq/.wh..wh..opq")
                        .file("opq/y", "yy").file("parent/child", "z").dir("c/").hardlink("c/h", "d/b")
                        .layer("l2"),
                new TarBuilder().whiteout("d/.wh.a").file("big", new byte[70_000]).layer("l3")), root);

        long walked;
        try (var walk = Files.walk(root)) {
            walked = walk.filter(p -> Files.isRegularFile(p, NOFOLLOW)).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).sum();
        }
        assertThat(size).isEqualTo(walked).isEqualTo(4 + 2 + 1 + 2 + 1 + 2 + 70_000);
    }

    @Test
    void sparseFileUnpacked() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/tar")), "GNU tar makes the fixture");
        Path src = Files.createDirectory(temp.resolve("src"));
        try (var out = java.nio.channels.FileChannel.open(src.resolve("holes"), java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            out.write(java.nio.ByteBuffer.wrap(bytes("middle")), 300_000);
            out.write(java.nio.ByteBuffer.wrap(bytes("end")), 2_000_000);
        }
        Path archive = temp.resolve("sparse.tar");
        Process tar = new ProcessBuilder("tar", "--sparse", "--format=posix", "-C", src.toString(), "-cf",
                archive.toString(), "holes").redirectErrorStream(true).start();
        assertThat(tar.waitFor()).isZero();
        byte[] expected = Files.readAllBytes(src.resolve("holes"));
        byte[] layer = Files.readAllBytes(archive);
        FileTrees.deleteRecursively(src);
        Files.delete(archive);

        long size = unpacker.unpack(List.of(LayerSource.of("sparse", () -> new ByteArrayInputStream(layer))), root);
        assertThat(Files.readAllBytes(root.resolve("holes"))).isEqualTo(expected);
        assertThat(size).isEqualTo(expected.length);
    }

    @Test
    void laterLayerFailingWhileStagedStillNamesIt() throws Exception {
        byte[] whole = new TarBuilder().file("big", new byte[200_000]).file("after", "a").build();
        LayerSource truncated = LayerSource.of("sha256:later", () -> new ByteArrayInputStream(Arrays.copyOf(whole, 100_000)));
        assertThatThrownBy(() -> unpack(new TarBuilder().file("first", "1").layer("first"), truncated))
                .isInstanceOf(LayerUnpackException.class)
                .hasMessageContaining("layer sha256:later")
                .hasMessageContaining("entry big")
                .hasMessageContaining("truncated");
        assertThat(root).doesNotExist();
        try (var siblings = Files.list(temp)) {
            assertThat(siblings).as("no staging directory left").containsExactly(outside);
        }
    }

    @Test
    void rootThatIsAMountPointUnpacksWithoutStaging() throws Exception {
        Files.createDirectory(root);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=16m", "racker-test", root.toString())
                .redirectErrorStream(true).start();
        Assumptions.assumeTrue(mount.waitFor() == 0, "cannot mount a tmpfs here");
        try {
            long size = unpacker.unpack(List.of(new TarBuilder().dir("d/").file("d/f", "on its own filesystem")
                    .layer("l1"), new TarBuilder().file("g", "second").layer("l2")), root);
            assertThat(root.resolve("d/f")).hasContent("on its own filesystem");
            assertThat(root.resolve("g")).hasContent("second");
            assertThat(size).isEqualTo(27);
            try (var siblings = Files.list(temp)) {
                assertThat(siblings).containsExactlyInAnyOrder(root, outside);
            }
        } finally {
            new ProcessBuilder("umount", root.toString()).start().waitFor();
        }
    }

    @Test
    void largeFileIsStreamed() throws Exception {
        long size = 64L * 1024 * 1024;
        byte[] header = new TarBuilder().build(); // just for the end marker size
        InputStream tar = new java.io.SequenceInputStream(java.util.Collections.enumeration(List.of(
                new ByteArrayInputStream(headerFor("big", size)),
                new RepeatingInputStream((byte) 'x', size),
                new ByteArrayInputStream(header))));
        Files.createDirectory(root);
        unpacker.apply("l1", tar, root);
        assertThat(Files.size(root.resolve("big"))).isEqualTo(size);
    }

    private void unpack(LayerSource... layers) throws LayerUnpackException {
        unpacker.unpack(List.of(layers), root);
    }

    /**
     * Unpacking {@code layers} fails on {@code entry} with {@code problem} in the message, and
     * leaves neither the root nor anything else next to the canary.
     */
    private void assertRefused(LayerSource layer, String entry, String problem) throws IOException {
        assertRefused(null, layer, entry, problem);
    }

    private void assertRefused(LayerSource lower, LayerSource layer, String entry, String problem) throws IOException {
        LayerSource[] layers = lower == null ? new LayerSource[] {layer} : new LayerSource[] {lower, layer};
        assertThatThrownBy(() -> unpack(layers))
                .as("entry %s", entry)
                .isInstanceOfSatisfying(LayerUnpackException.class,
                        e -> assertThat(e.entry()).as("the entry named").contains(entry))
                .hasMessageContaining("entry " + entry + ": ")
                .hasMessageContaining(problem);
        assertThat(root).doesNotExist();
        try (var siblings = Files.list(temp)) {
            assertThat(siblings).as("next to the root after %s", entry).containsExactly(outside);
        }
    }

    /** Everything about the canary directory outside the root that a write could change. */
    private List<String> canary() throws IOException {
        List<String> lines = new java.util.ArrayList<>();
        try (var walk = Files.walk(outside)) {
            for (Path path : walk.sorted().toList()) {
                Map<String, Object> unix = Files.readAttributes(path, "unix:*", NOFOLLOW);
                lines.add(outside.relativize(path) + " mode=" + Integer.toOctalString((Integer) unix.get("mode"))
                        + " owner=" + unix.get("uid") + ":" + unix.get("gid") + " nlink=" + unix.get("nlink")
                        + " ino=" + unix.get("ino") + " mtime=" + unix.get("lastModifiedTime")
                        + " ctime=" + unix.get("ctime") + " xattrs=" + Xattrs.list(path)
                        + (Files.isRegularFile(path, NOFOLLOW) ? " content=" + Files.readString(path) : ""));
            }
        }
        return lines;
    }

    private void apply(byte[] tar, Path target) throws LayerUnpackException {
        unpacker.apply("test-layer", new ByteArrayInputStream(tar), target);
    }

    static String readlink(Path link) {
        byte[] buffer = new byte[4096];
        long n = PosixCalls.readlink(PosixCalls.cString(link), buffer, buffer.length);
        return new String(buffer, 0, (int) n, StandardCharsets.UTF_8);
    }

    static int fullMode(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:mode", NOFOLLOW);
    }

    static int modeOf(Path path) throws IOException {
        return fullMode(path) & 07777;
    }

    static String ownerOf(Path path) throws IOException {
        return Files.getAttribute(path, "unix:uid", NOFOLLOW) + ":" + Files.getAttribute(path, "unix:gid", NOFOLLOW);
    }

    static long mtimeOf(Path path) throws IOException {
        return ((FileTime) Files.getAttribute(path, "unix:lastModifiedTime", NOFOLLOW)).toMillis() / 1000;
    }

    static long rdev(Path path) throws IOException {
        return (Long) Files.getAttribute(path, "unix:rdev", NOFOLLOW);
    }

    static Object inode(Path path) throws IOException {
        return Files.getAttribute(path, "unix:ino", NOFOLLOW);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static boolean isRoot() throws IOException {
        return "0".equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid").toString());
    }

    /** A ustar header for a regular file of {@code size} bytes, its data to follow. */
    private static byte[] headerFor(String name, long size) {
        byte[] withData = new TarBuilder().file(name, new byte[0]).build();
        byte[] header = Arrays.copyOf(withData, 512);
        byte[] octal = String.format("%011o\0", size).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(octal, 0, header, 124, 12);
        Arrays.fill(header, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        byte[] checksum = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(checksum, 0, header, 148, 8);
        return header;
    }

    /** {@code size} copies of one byte, never held in memory at once. */
    private static final class RepeatingInputStream extends InputStream {
        private final byte value;
        private long remaining;

        RepeatingInputStream(byte value, long size) {
            this.value = value;
            this.remaining = size;
        }

        @Override
        public int read() {
            if (remaining == 0) {
                return -1;
            }
            remaining--;
            return value;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (remaining == 0) {
                return -1;
            }
            int n = (int) Math.min(len, remaining);
            Arrays.fill(b, off, off + n, value);
            remaining -= n;
            return n;
        }
    }
}
