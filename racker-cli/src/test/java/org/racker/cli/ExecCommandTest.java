package org.racker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** How an exec line is read: docker's options before the container, everything after it the command's. */
class ExecCommandTest {
    private RackerCommand root;

    private ExecArguments parse(String line) throws Exception {
        String[] args = line.split(" ");
        root = new RackerCommand();
        CommandLine cmd = Subcommands.racker(root, args);
        ParseResult parsed = cmd.parseArgs(args);
        return ((ExecCommand) parsed.subcommand().commandSpec().userObject()).arguments();
    }

    @Test
    void theCommandIsEverythingAfterTheContainerOptionsIncluded() throws Exception {
        ExecArguments a = parse("exec web ls -la --help -it");
        assertThat(a.container()).isEqualTo("web");
        assertThat(a.command()).containsExactly("ls", "-la", "--help", "-it");
        assertThat(a.interactive()).isFalse();
        assertThat(a.tty()).isFalse();
        assertThat(parse("exec web env --root /x").command()).containsExactly("env", "--root", "/x");
    }

    @Test
    void optionsInTheirSpellings() throws Exception {
        ExecArguments a = parse("exec -e A=1 -e B --env C=3 --env=D=4=5 -w /tmp -u nobody -it web env");
        assertThat(a.environment()).containsExactly("A=1", "B", "C=3", "D=4=5");
        assertThat(a.workingDirectory()).isEqualTo("/tmp");
        assertThat(a.user()).isEqualTo("nobody");
        assertThat(a.interactive()).isTrue();
        assertThat(a.tty()).isTrue();
        assertThat(parse("exec --workdir=/w --user=1000:1000 --interactive --tty web id"))
                .isEqualTo(new ExecArguments("web", List.of("id"), List.of(), "/w", "1000:1000", true, true, false));
        assertThat(parse("exec -eA=1 -d web true"))
                .isEqualTo(new ExecArguments("web", List.of("true"), List.of("A=1"), null, null, false, false, true));
    }

    @Test
    void globalOptionsBeforeOrAfterExec() throws Exception {
        parse("--root /r --debug exec web true");
        assertThat(root.global.root).isEqualTo(Path.of("/r"));
        assertThat(root.global.debug).isTrue();
        parse("exec --root=/s --verbose web true");
        assertThat(root.global.root).isEqualTo(Path.of("/s"));
        assertThat(root.global.verbose).isTrue();
    }
}
