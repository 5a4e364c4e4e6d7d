package org.racker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** The quick reader of exec lines against picocli's: a line it takes means what picocli makes of it. */
class QuickExecLineTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "exec web true",
        "--root /r exec web true",
        "--root=/r exec web sh -c x",
        "--verbose --debug exec web true",
        "exec --root /r --debug web true",
        "exec -i web cat",
        "exec -it web bash",
        "exec -ti web bash",
        "exec -i -t web bash",
        "exec --interactive --tty web bash",
        "exec -e A=1 -e B --env C=3 --env=D=4=5 web env",
        "exec -w /tmp -u nobody web pwd",
        "exec --workdir=/tmp --user=1000:1000 web id",
        "exec web ls -la --help -it",
        "exec web -- true",
        "exec web env --root /x",
        "exec 0123abc true",
    })
    void takesWhatPicocliReadsTheSameWay(String line) throws Exception {
        String[] args = line.split(" ");
        Optional<QuickExecLine.Parsed> quick = QuickExecLine.parse(args);
        assertThat(quick).as(line).isPresent();

        RackerCommand root = new RackerCommand();
        CommandLine cmd = Subcommands.racker(root, args);
        ParseResult parsed = cmd.parseArgs(args);
        ExecCommand exec = (ExecCommand) parsed.subcommand().commandSpec().userObject();
        assertThat(quick.get().exec()).as(line).isEqualTo(exec.arguments());
        assertThat(quick.get().root()).as(line).isEqualTo(root.global.root);
        assertThat(quick.get().verbose()).as(line).isEqualTo(root.global.verbose);
        assertThat(quick.get().debug()).as(line).isEqualTo(root.global.debug);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "exec --help web true",
        "exec -h web true",
        "exec",
        "exec web",
        "exec -i web",
        "exec -x web true",
        "exec -w /a -w /b web true",
        "exec -u a -u b web true",
        "exec -i -i web true",
        "exec -it -i web true",
        "exec -e -x web true",
        "exec -e",
        "exec -itw /tmp web true",
        "exec -eA=1 web true",
        "exec -w=/tmp web true",
        "exec --interactive=true web true",
        "exec -- web true",
        "exec @args",
        "exec web cat @file",
        "exec -e @file web true",
        "--root /a --root /b exec web true",
        "--root /a exec --root /b web true",
        "--debug --debug exec web true",
        "--version",
        "--help",
        "-i exec web true",
        "ps",
        "run --rm img true",
        "web exec true",
    })
    void leavesEverythingElseToPicocli(String line) {
        assertThat(QuickExecLine.parse(line.split(" "))).as(line).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "@x"})
    void leavesEmptyAndFileArgumentsToPicocli(String container) {
        assertThat(QuickExecLine.parse(new String[] {"exec", container, "true"})).isEmpty();
        assertThat(QuickExecLine.parse(new String[] {"exec", "-e", container, "web", "true"})).isEmpty();
    }
}
