package org.racker.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.racker.testing.TestRootfs;

/**
 * {@code racker cp} as docker's: tar streams on stdin and stdout, paths relative to the
 * container's working directory, and copies out of a container that is not running.
 */
@Tag("integration")
class CpIT extends IsolatedRackerTest {
    static Path busybox;

    @BeforeAll
    static void root() {
        busybox = TestRootfs.busybox();
    }

    @Test
    void tarStreamsGoInAndOutRelativeToTheWorkingDirectory() throws Exception {
        RackerProcess.Result start = racker.run("run", "-d", "--name", marker, "-w", "/srv", "--rootfs=" + busybox,
                "sleep", "300");
        assertThat(start.exitCode()).as(start.toString()).isZero();

        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(archive)) {
            TarArchiveEntry dir = new TarArchiveEntry("d/", TarArchiveEntry.LF_DIR);
            dir.setMode(0750);
            tar.putArchiveEntry(dir);
            tar.closeArchiveEntry();
            byte[] content = "hello\n".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry file = new TarArchiveEntry("d/f");
            file.setSize(content.length);
            file.setMode(0640);
            file.setUserId(1234);
            tar.putArchiveEntry(file);
            tar.write(content);
            tar.closeArchiveEntry();
            TarArchiveEntry link = new TarArchiveEntry("d/link", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName("/etc/shadow");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
        }
        RackerProcess.Result in = racker.run(archive.toByteArray(), "cp", "-", marker + ":.");
        assertThat(in.exitCode()).as(in.toString()).isZero();
        assertThat(racker.run("exec", marker, "cat", "/srv/d/f").stdout()).isEqualTo("hello\n");
        assertThat(racker.run("exec", marker, "busybox", "stat", "-c", "%a %u", "/srv/d", "/srv/d/f").stdout())
                .isEqualTo("750 0\n640 1234\n");

        RackerProcess.Result out = racker.run("cp", marker + ":d", "-");
        assertThat(out.exitCode()).as(out.toString()).isZero();
        List<String> entries = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(out.stdoutBytes()))) {
            TarArchiveEntry e;
            while ((e = tar.getNextTarEntry()) != null) {
                String what = e.isSymbolicLink() ? " -> " + e.getLinkName()
                        : e.isDirectory() ? "" : " " + new String(tar.readAllBytes(), StandardCharsets.UTF_8).strip();
                entries.add(e.getName() + " " + Integer.toOctalString(e.getMode()) + " " + e.getLongUserId() + what);
            }
        }
        assertThat(entries).containsExactlyInAnyOrder("d/ 750 0", "d/f 640 1234 hello", "d/link 777 0 -> /etc/shadow");

        RackerProcess.Result contents = racker.run("cp", marker + ":/srv/d/.", "-");
        assertThat(names(contents.stdoutBytes())).containsExactlyInAnyOrder("f", "link");

        assertThat(racker.run("exec", marker, "pwd").stdout()).as("exec starts in the working directory")
                .isEqualTo("/srv\n");
        assertThat(racker.run("exec", marker, "busybox", "ln", "-s", "/srv/d", "/srv/via").exitCode()).isZero();
        RackerProcess.Result followed = racker.run("cp", "-L", marker + ":via", "-");
        assertThat(names(followed.stdoutBytes())).as("-L: what the link leads to, under its name")
                .containsExactlyInAnyOrder("via/", "via/f", "via/link");
        assertThat(names(racker.run("cp", marker + ":via", "-").stdoutBytes())).containsExactly("via");

        RackerProcess.Result notDir = racker.run(archive.toByteArray(), "cp", "-", marker + ":/srv/d/f");
        assertThat(notDir.exitCode()).isEqualTo(125);
        assertThat(notDir.stderr()).contains("not a directory").hasLineCount(1);
        RackerProcess.Result garbage = racker.run("no tar".getBytes(StandardCharsets.UTF_8), "cp", "-", marker + ":/srv");
        assertThat(garbage.exitCode()).isEqualTo(125);
        assertThat(garbage.stderr()).hasLineCount(1);
        assertThat(racker.run("rm", "-f", marker).exitCode()).isZero();
    }

    @Test
    void anArchiveCannotWriteOutsideTheDirectoryItIsUnpackedIn() throws Exception {
        RackerProcess.Result start = racker.run("run", "-d", "--name", marker, "--rootfs=" + busybox, "sleep", "300");
        assertThat(start.exitCode()).as(start.toString()).isZero();
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(archive)) {
            TarArchiveEntry link = new TarArchiveEntry("up", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName("../../../../../../../tmp");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
            byte[] content = "x".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry through = new TarArchiveEntry("up/racker-cp-escape-" + marker);
            through.setSize(content.length);
            tar.putArchiveEntry(through);
            tar.write(content);
            tar.closeArchiveEntry();
        }
        RackerProcess.Result in = racker.run(archive.toByteArray(), "cp", "-", marker + ":/srv");
        assertThat(in.exitCode()).isEqualTo(125);
        assertThat(in.stderr()).hasLineCount(1);
        assertThat(Path.of("/tmp/racker-cp-escape-" + marker)).doesNotExist();
        assertThat(racker.run("rm", "-f", marker).exitCode()).isZero();
    }

    @Test
    void aContainerThatIsNotRunningIsCopiedFromItsImageAndNotInto(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        assertThat(racker.run("run", "--name", marker, "-w", "/bin", "--rootfs=" + busybox, "true").exitCode()).isZero();
        RackerProcess.Result out = racker.run("cp", marker + ":busybox", dir.toString());
        assertThat(out.exitCode()).as(out.toString()).isZero();
        assertThat(Files.mismatch(dir.resolve("busybox"), busybox.resolve("bin/busybox"))).isEqualTo(-1L);
        Files.writeString(dir.resolve("new"), "x");
        RackerProcess.Result in = racker.run("cp", dir.resolve("new").toString(), marker + ":/");
        assertThat(in.exitCode()).isEqualTo(125);
        assertThat(in.stderr()).contains("not running").contains("start it first").hasLineCount(1);
        assertThat(busybox.resolve("new")).doesNotExist();
        assertThat(racker.run("rm", marker).exitCode()).isZero();
    }

    private static List<String> names(byte[] tarBytes) throws IOException {
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(tarBytes))) {
            TarArchiveEntry e;
            while ((e = tar.getNextTarEntry()) != null) {
                names.add(e.getName());
            }
        }
        return names;
    }
}
