package org.racker.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher itself: version, help, info, as users first meet them. */
@Tag("integration")
class CliIT {
    @TempDir
    Path state;

    @Test
    void versionAndHelp() {
        RackerProcess racker = new RackerProcess(state);
        RackerProcess.Result version = racker.run("--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.stdout()).matches("racker version \\S+, build \\S+\n");
        for (String command : new String[] {"run", "ps", "rm", "info"}) {
            RackerProcess.Result help = racker.run(command, "--help");
            assertThat(help.exitCode()).as(command).isZero();
            assertThat(help.stdout()).as(command).contains("Usage: racker " + command);
        }
    }

    @Test
    void infoReportsTheHost() {
        RackerProcess.Result info = new RackerProcess(state).run("info");
        assertThat(info.exitCode()).as(info.toString()).isZero();
        assertThat(info.stdout()).contains("systemd-nspawn:     /").contains("systemd 2").contains("machined:")
                .contains("cgroups:").contains("overlayfs:          yes");
    }

    @Test
    void nonRootUsersGetTheReasonAndTheFix() throws Exception {
        for (String[] args : new String[][] {{"info"}, {"run", "--rm", "--rootfs", "/", "true"}}) {
            java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(
                    "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
            cmd.addAll(new RackerProcess(state).commandLine(args));
            Process p = new ProcessBuilder(cmd).start();
            String out = new String(p.getInputStream().readAllBytes());
            String err = new String(p.getErrorStream().readAllBytes());
            int code = p.waitFor();
            assertThat(code).as(out + err).isEqualTo(args[0].equals("info") ? 1 : 125);
            assertThat(err).contains("must run as root").contains("sudo");
            assertThat(err.lines().count()).isEqualTo(1);
        }
    }

    @Test
    void postrojLauncherAnswers() throws Exception {
        Path postroj = RackerProcess.launcher().resolveSibling("postroj");
        Process p = new ProcessBuilder(postroj.toString(), "--version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).isZero();
        assertThat(out).startsWith("postroj version ");
        Process list = new ProcessBuilder(postroj.toString(), "list-images").redirectErrorStream(true).start();
        String table = new String(list.getInputStream().readAllBytes());
        assertThat(list.waitFor()).isZero();
        assertThat(table).startsWith("NAME").contains("debian-bookworm").contains("fedora-37").contains("archlinux");
    }
}
