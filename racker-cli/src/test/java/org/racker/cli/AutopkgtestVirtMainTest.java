package org.racker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's command line, in-process: what it refuses before any protocol starts. */
class AutopkgtestVirtMainTest {
    @TempDir
    Path root;

    private record Result(int status, String out, String err) { }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = AutopkgtestVirtMain.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(status, out.toString(), err.toString());
    }

    @Test
    void withoutAnImageItSaysWhatIsMissing() {
        Result r = run("--root", root.toString());
        assertThat(r.status).isEqualTo(ExitCodes.RACKER_FAILED);
        assertThat(r.err).startsWith("autopkgtest-virt-racker: Missing required parameter: 'IMAGE'\n");
        assertThat(r.out).isEmpty();
    }

    @Test
    void aBadNetworkModeIsOneLineNamingTheChoices() {
        Result r = run("--root", root.toString(), "--network", "bridge", "debian-bookworm");
        assertThat(r.status).isEqualTo(ExitCodes.RACKER_FAILED);
        assertThat(r.err.lines().toList()).singleElement().asString().startsWith("autopkgtest-virt-racker: invalid --network")
                .contains("bridge");
        assertThat(r.out).as("no protocol greeting before the options are sound").isEmpty();
    }

    @Test
    void aBootTimeoutMustBePositive() {
        Result r = run("--root", root.toString(), "--boot-timeout", "0", "debian-bookworm");
        assertThat(r.status).isEqualTo(ExitCodes.RACKER_FAILED);
        assertThat(r.err).isEqualTo("autopkgtest-virt-racker: --boot-timeout must be positive: give the seconds a boot"
                + " may take\n");
    }

    @Test
    void aBadBindIsRefusedBeforeTheProtocolStarts() {
        Result r = run("--root", root.toString(), "--bind", "relative:/x", "debian-bookworm");
        assertThat(r.status).isEqualTo(ExitCodes.RACKER_FAILED);
        assertThat(r.err.lines().toList()).singleElement().asString().startsWith("autopkgtest-virt-racker: ");
        assertThat(r.out).isEmpty();
    }

    @Test
    void helpNamesTheWayAutopkgtestStartsIt() {
        Result r = run("--help");
        assertThat(r.status).isZero();
        assertThat(r.out).contains("autopkgtest PACKAGE -- racker [OPTIONS] IMAGE").contains("--boot-timeout");
    }
}
