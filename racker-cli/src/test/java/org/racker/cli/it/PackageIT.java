package org.racker.cli.it;

import org.racker.testing.TestRootfs;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * racker's own packages, as users get them: the .deb's metadata and files as dpkg reads them,
 * the .deb installed into a booted Debian container (racker running racker's package test),
 * and the tarball run in place from another directory.
 */
@Tag("integration")
class PackageIT extends IsolatedRackerTest {
    static Path deb;
    static Path tarball;

    @BeforeAll
    static void packages() throws IOException {
        Assumptions.assumeFalse(Boolean.getBoolean("racker.dist.skip"), "packages not built (-Dracker.dist.skip)");
        Path dist = Path.of(System.getProperty("racker.dist", "racker-cli/target/dist"));
        deb = single(dist, "racker_", "_all.deb");
        tarball = single(dist, "racker-", ".tar.gz");
    }

    @Test
    void debianPackageDeclaresItsDependenciesAndShipsTheTree() throws Exception {
        String depends = host("dpkg-deb", "--field", deb.toString(), "Depends");
        assertThat(depends).contains("java17-runtime-headless").contains("systemd-container");
        assertThat(host("dpkg-deb", "--field", deb.toString(), "Recommends")).contains("slirp4netns")
                .contains("mmdebstrap");
        assertThat(host("dpkg-deb", "--field", deb.toString(), "Architecture").strip()).isEqualTo("all");
        List<String> files = host("dpkg-deb", "--contents", deb.toString()).lines()
                .map(l -> l.replaceFirst("^.*? \\./", "/").replaceFirst(" -> .*", "")).toList();
        assertThat(files).contains("/usr/bin/racker", "/usr/bin/postroj", "/usr/bin/autopkgtest-virt-racker",
                "/usr/share/man/man1/autopkgtest-virt-racker.1.gz", "/usr/lib/racker/racker.jar",
                "/usr/lib/racker/cds-archive", "/usr/share/bash-completion/completions/racker",
                "/usr/share/bash-completion/completions/postroj", "/usr/share/zsh/vendor-completions/_racker",
                "/usr/share/fish/vendor_completions.d/racker.fish", "/usr/share/man/man1/racker.1.gz",
                "/usr/share/man/man1/racker-run.1.gz", "/usr/share/man/man1/postroj.1.gz",
                "/usr/share/man/man1/postroj-pkgprobe.1.gz", "/usr/share/doc/racker/copyright",
                "/usr/share/doc/racker/changelog.gz");
        assertThat(files).as("the class-data archive is made where racker is installed, not shipped")
                .noneMatch(f -> f.endsWith(".jsa"));
        assertThat(files).as("arch-independent: no machine code").noneMatch(f -> f.endsWith(".so"));
        assertThat(host("dpkg-deb", "--contents", deb.toString())).as("owned by root")
                .doesNotContain(" 1000/").contains("root/root");
    }

    @Test
    void lintianFindsNoErrorsButTheMaintainerAddress() throws Exception {
        Process p = new ProcessBuilder("lintian", "--tag-display-limit", "0", deb.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        // the project has no mail domain of its own yet: its placeholder address is the one error left
        assertThat(out.lines().filter(l -> l.startsWith("E: ") && !l.contains("bogus-mail-host")))
                .as(out).isEmpty();
        assertThat(out.lines().filter(l -> l.startsWith("W: "))).as(out).isEmpty();
    }

    @Test
    void installedInABootedDebianItAnswersAsInstalledRackerDoes() throws Exception {
        Path machine = TestRootfs.packageHost();
        RackerProcess.Result started = racker.run("run", "-d", "--name", marker,
                "-v", deb + ":/srv/racker.deb:ro", "--rootfs=" + machine);
        assertThat(started.exitCode()).as(started.toString()).isZero();
        try {
            RackerProcess.Result install = exec("dpkg", "-i", "/srv/racker.deb");
            assertThat(install.exitCode()).as(install.toString()).isZero();
            assertThat(exec("test", "-s", "/usr/lib/racker/racker.jsa").exitCode())
                    .as("postinst made the class-data archive").isZero();
            assertThat(exec("sh", "-c", "test -s /usr/lib/racker/jna/com/sun/jna/linux-*/libjnidispatch.so").exitCode())
                    .as("postinst unpacked JNA's library for this machine").isZero();

            RackerProcess.Result version = exec("racker", "--version");
            assertThat(version.exitCode()).as(version.toString()).isZero();
            assertThat(version.stdout()).matches("racker version \\S+, build \\S+\n");
            JsonNode json = new ObjectMapper().readTree(exec("racker", "version", "--format", "json").stdout());
            assertThat(json.at("/Client/Version").asText()).isNotBlank();
            assertThat(json.at("/Client/GitCommit").asText()).isNotBlank();
            assertThat(exec("postroj", "--version").stdout()).startsWith("postroj version ");

            RackerProcess.Result man = exec("sh", "-c", "MANWIDTH=80 man -P cat racker-run");
            assertThat(man.exitCode()).as(man.toString()).isZero();
            assertThat(man.stdout()).contains("racker-run").contains("--rm").contains("EXIT STATUS");

            // what bash does on racker ru<TAB>: load racker's completion on demand, call its function
            RackerProcess.Result completion = exec("bash", "-c", String.join("\n",
                    ". /usr/share/bash-completion/bash_completion",
                    "_completion_loader racker",
                    "COMP_WORDS=(racker ru); COMP_CWORD=1; COMP_LINE='racker ru'; COMP_POINT=9",
                    "$(complete -p racker | sed -n 's/.*-F \\([^ ]*\\).*/\\1/p') racker ru racker",
                    "declare -p COMPREPLY"));
            assertThat(completion.stdout()).as(completion.toString()).isEqualTo("declare -a COMPREPLY=([0]=\"run\")\n");

            // the package recommends slirp4netns, which dpkg -i leaves out: info says what that costs
            RackerProcess.Result info = exec("racker", "info");
            assertThat(info.stdout()).contains("systemd-nspawn:     /usr/bin/systemd-nspawn")
                    .contains("running as root:    yes").contains("systemd as PID 1:   yes")
                    .contains("slirp4netns:        not found (no --network private)");
            if (info.exitCode() != 0) {
                assertThat(info.stderr()).startsWith("racker: cannot run containers here: ");
            }

            RackerProcess.Result remove = exec("dpkg", "--purge", "racker");
            assertThat(remove.exitCode()).as(remove.toString()).isZero();
            assertThat(exec("test", "-e", "/usr/lib/racker").exitCode()).as("nothing left in /usr/lib/racker")
                    .isNotZero();
        } finally {
            racker.run("rm", "-f", marker);
        }
    }

    @Test
    void tarballRunsInPlaceFromAnotherDirectory(@TempDir Path elsewhere) throws Exception {
        host("tar", "-xzf", tarball.toString(), "-C", elsewhere.toString());
        Path top;
        try (Stream<Path> list = Files.list(elsewhere)) {
            top = list.findFirst().orElseThrow();
        }
        assertThat(top.getFileName().toString()).startsWith("racker-");
        for (String[] call : new String[][] {{"bin/racker", "--version"}, {"bin/postroj", "list-images"}}) {
            Process p = new ProcessBuilder(top.resolve(call[0]).toString(), call[1]).directory(Path.of("/").toFile())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(out).isZero();
            assertThat(out).doesNotContain("racker.jar not found");
        }
    }

    private RackerProcess.Result exec(String... command) {
        String[] args = new String[2 + command.length];
        args[0] = "exec";
        args[1] = marker;
        System.arraycopy(command, 0, args, 2, command.length);
        return racker.run(args);
    }

    private static String host(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }

    private static Path single(Path dir, String prefix, String suffix) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            List<Path> found = list.filter(p -> p.getFileName().toString().startsWith(prefix)
                    && p.getFileName().toString().endsWith(suffix)).toList();
            assertThat(found).as("one " + prefix + "*" + suffix + " in " + dir).hasSize(1);
            return found.get(0);
        }
    }
}
