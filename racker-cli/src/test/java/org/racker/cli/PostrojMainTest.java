package org.racker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** postroj driven in-process: option errors, no containers. */
class PostrojMainTest {
    record Outcome(int code, String out, String err) { }

    static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PostrojMain.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Outcome(code, out.toString(), err.toString());
    }

    @Test
    void aBadNetworkIsOneLineAndTheUsageCode(@TempDir Path root) {
        Outcome pkgprobe = run("--root", root.toString(), "pkgprobe", "--image=debian-bookworm", "--network=bridge");
        assertThat(pkgprobe.code()).isEqualTo(125);
        assertThat(pkgprobe.err()).isEqualTo("postroj: invalid --network \"bridge\": use host, none or private"
                + " (alias slirp4netns)\n");
        Outcome selftest = run("--root", root.toString(), "selftest", "hostnamectl", "--net", "none");
        assertThat(selftest.code()).isEqualTo(125);
        assertThat(selftest.err().lines().count()).isEqualTo(1);
    }

    @Test
    void helpSaysWhatTheDefaultNetworkIs() {
        for (String command : new String[] {"pkgprobe", "selftest"}) {
            Outcome o = run(command, "--help");
            String help = o.out().replaceAll("\\s+", " ");
            assertThat(help).contains("--net, --network=MODE").contains("(the default when slirp4netns is installed)")
                    .contains("(the default without it)");
        }
    }
}
