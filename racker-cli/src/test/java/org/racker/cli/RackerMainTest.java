package org.racker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The CLI driven in-process with captured output: parsing and error lines, no containers. */
class RackerMainTest {
    record Outcome(int code, String out, String err) { }

    static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = RackerMain.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Outcome(code, out.toString(), err.toString());
    }

    @Test
    void versionPrintsTheBuildVersion() {
        Outcome o = run("--version");
        assertThat(o.code()).isZero();
        assertThat(o.out()).startsWith("racker version ");
    }

    @Test
    void whatACommandPrintsWithoutALinesEndReachesTheStream() {
        // as the launcher's writers are: buffered, flushed by println only
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        int code = RackerMain.execute(new String[] {"completion", "bash"}, new PrintWriter(bytes, true),
                new PrintWriter(new StringWriter()));
        assertThat(code).isZero();
        assertThat(bytes.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("complete -o filenames -F _racker racker");
    }

    @Test
    void helpListsEveryCommand() {
        Outcome o = run("--help");
        assertThat(o.code()).isZero();
        assertThat(o.out()).contains("run").contains("ps").contains("rm").contains("info");
    }

    @Test
    void unknownCommandAndFlagExit125WithAHint() {
        Outcome bad = run("frobnicate");
        assertThat(bad.code()).isEqualTo(125);
        Outcome flag = run("run", "--bogus");
        assertThat(flag.code()).isEqualTo(125);
        assertThat(flag.err()).isEqualTo("racker: unknown flag: --bogus\nSee 'racker run --help'.\n");
        Outcome withValue = run("ps", "--bogus=1");
        assertThat(withValue.code()).isEqualTo(125);
        assertThat(withValue.err()).startsWith("racker: unknown flag: --bogus\n");
        Outcome shorthand = run("ps", "-Z");
        assertThat(shorthand.code()).isEqualTo(125);
        assertThat(shorthand.err()).startsWith("racker: unknown shorthand flag: 'Z' in -Z\n");
    }

    @Test
    @org.junit.jupiter.api.Tag("security")
    void anEmptyRootIsRefusedInOneLineNotTakenForTheCurrentDirectory(@org.junit.jupiter.api.io.TempDir java.nio.file.Path cwd) {
        for (String[] args : new String[][] {{"--root", "", "ps", "-a"}, {"--root=", "ps"}, {"ps", "--root", ""},
                {"--root", "", "exec", "x", "true"}, {"--root", "", "run", "--rm", "--rootfs", "/", "true"}}) {
            Outcome o = run(args);
            assertThat(o.code()).as(String.join(" ", args)).isEqualTo(125);
            assertThat(o.err()).as(String.join(" ", args)).startsWith("racker: --root is empty").hasLineCount(1);
            assertThat(o.out()).isEmpty();
        }
        PostrojMainTest.Outcome postroj = PostrojMainTest.run("--root", "", "list-images");
        assertThat(postroj.code()).isEqualTo(125);
        assertThat(postroj.err()).startsWith("postroj: --root is empty").hasLineCount(1);
    }

    @Test
    void runWithoutImageOrCommandIsOneClearLine() {
        Outcome noImage = run("run");
        assertThat(noImage.code()).isEqualTo(125);
        assertThat(noImage.err().strip()).startsWith("racker: no image given");
        Outcome noCommand = run("run", "--rootfs", "/");
        assertThat(noCommand.code()).isEqualTo(125);
        assertThat(noCommand.err().strip().lines().count()).isEqualTo(1);
    }

    @Test
    void anImageNotInTheStoreWithPullNeverIsOneClearLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path root) {
        Outcome o = run("--root", root.toString(), "run", "--pull=never", "debian:bookworm", "true");
        assertThat(o.code()).isEqualTo(125);
        assertThat(o.err().strip()).contains("docker.io/library/debian:bookworm").contains("racker pull")
                .doesNotContain("\n");
    }

    @Test
    void invalidImageReferencesAre125() {
        Outcome o = run("run", "UPPER/Case:tag", "true");
        assertThat(o.code()).isEqualTo(125);
        assertThat(o.err()).contains("UPPER/Case");
    }

    @Test
    void badOptionValuesAreRacker125() {
        assertThat(run("run", "--mode", "weird", "--rootfs", "/", "true").err()).contains("--mode");
        assertThat(run("run", "-v", "relative:/x", "--rootfs", "/", "true").err()).contains("absolute");
        assertThat(run("run", "-w", "relative", "--rootfs", "/", "true").err()).contains("absolute");
        assertThat(run("run", "--boot-timeout", "0", "--rootfs", "/", "true").code()).isEqualTo(125);
    }

    @Test
    void execFailsAlikeWithAndWithoutPicocli(@org.junit.jupiter.api.io.TempDir java.nio.file.Path root) {
        // the first line is read by QuickExecLine, the second (-eA=1) is left to picocli
        Outcome quick = run("--root", root.toString(), "exec", "-e", "A=1", "nope", "true");
        Outcome picocli = run("--root", root.toString(), "exec", "-eA=1", "nope", "true");
        assertThat(quick).isEqualTo(picocli);
        assertThat(quick.code()).isEqualTo(1);
        assertThat(quick.err().strip()).isEqualTo("racker: No such container: nope");
    }

    @Test
    void aBadNetworkIsOneLineAnd125() {
        Outcome o = run("run", "--network", "bridge", "--rootfs", "/", "true");
        assertThat(o.code()).isEqualTo(125);
        assertThat(o.err()).isEqualTo("racker: invalid --network \"bridge\": use host, none or private (alias slirp4netns)\n");
        assertThat(run("run", "--net=weird", "--rootfs", "/", "true").code()).isEqualTo(125);
    }

    @Test
    void runHelpNamesTheNetworkModesAndTheDefault() {
        Outcome o = run("run", "--help");
        assertThat(o.out()).contains("--net, --network=MODE").contains("host (default").contains("none").contains("private");
    }

    @Test
    void imageInspectOfACuratedImageShowsItsProvenance(@org.junit.jupiter.api.io.TempDir java.nio.file.Path root)
            throws Exception {
        var store = new org.racker.distro.CuratedImageStore(root);
        java.nio.file.Path work = store.newWorkDirectory("debian-trixie");
        java.nio.file.Files.createDirectories(work.resolve("rootfs"));
        store.commit(work, new org.racker.distro.CuratedImage("debian-trixie", "Debian", "13", "apt",
                "mmdebstrap trixie from http://deb.debian.org/debian",
                "http://deb.debian.org/debian trixie, Release of 2026-11-21 09:15 UTC", "2026-11-29T06:14:15Z",
                java.util.List.of("detected Debian GNU/Linux 13 (trixie)"), java.util.List.of("getty.target")));
        Outcome o = run("--root", root.toString(), "image", "inspect", "debian-trixie");
        assertThat(o.code()).as(o.err()).isZero();
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(o.out()).get(0);
        assertThat(json.get("Source").asText()).isEqualTo("mmdebstrap trixie from http://deb.debian.org/debian");
        assertThat(json.get("SourceDetail").asText()).contains("Release of 2026-11-21");
        assertThat(json.get("Pulled").asText()).isEqualTo("2026-11-29T06:14:15Z");
        assertThat(json.get("Rootfs").asText()).isEqualTo(root.resolve("curated/debian-trixie/rootfs").toString());
    }

    @Test
    void imageInspectOfAMissingImageIsExit1(@org.junit.jupiter.api.io.TempDir java.nio.file.Path root) {
        Outcome o = run("--root", root.toString(), "image", "inspect", "debian-trixie");
        assertThat(o.code()).isEqualTo(1);
        assertThat(o.err()).contains("no such image: debian-trixie");
    }

    @Test
    void inspectOfAMissingObjectPrintsAnEmptyListAndExits1AsDockers(@org.junit.jupiter.api.io.TempDir java.nio.file.Path root) {
        Outcome o = run("--root", root.toString(), "inspect", "nothere");
        assertThat(o.code()).isEqualTo(1);
        assertThat(o.out()).isEqualTo("[]\n");
        assertThat(o.err()).isEqualTo("racker: No such object: nothere\n");
    }

    @Test
    void imagesTakesARepositoryAndRefusesABadOne(@org.junit.jupiter.api.io.TempDir java.nio.file.Path root) {
        Outcome none = run("--root", root.toString(), "images", "-q", "localhost/nothere:1");
        assertThat(none.code()).isZero();
        assertThat(none.out()).isEmpty();
        Outcome bad = run("--root", root.toString(), "images", "Not/A/Reference");
        assertThat(bad.code()).isEqualTo(125);
        assertThat(bad.err()).hasLineCount(1);
    }
}
