package org.racker.runtime.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.racker.runtime.process.HostMode;

class ExecCommandLineTest {
    private static ExecRequest request(String workdir, boolean tty, String... command) {
        return new ExecRequest(List.of(command), List.of(new EnvironmentVariable("we.ird", "1")), workdir, null, false, tty);
    }

    @Test
    void standaloneHostsEnterTheLeaderAndUseTheContainersSystemdRun() {
        List<String> args = ExecCommandLine.of(request(null, false, "cat", "/etc/os-release"), HostMode.STANDALONE,
                "m1", 4242, "h1", true);
        assertThat(args).containsExactly("nsenter", "--target=4242", "--all", "--", "systemd-run", "--wait", "--quiet",
                "--collect", "--pipe", "--", "/usr/bin/env", "HOME=/root", "HOSTNAME=h1", "we.ird=1", "cat",
                "/etc/os-release");
    }

    @Test
    void machinedHostsUseSystemdRunMachine() {
        List<String> args = ExecCommandLine.of(request(null, false, "cat"), HostMode.MACHINED, "m1", 4242, "h1", true);
        assertThat(args).startsWith("systemd-run", "--machine=m1", "--wait", "--quiet", "--collect", "--pipe", "--")
                .doesNotContain("nsenter");
    }

    @Test
    void machinedHostsTakeATerminalFromTheContainersOwnSystemdRun() {
        List<String> args = ExecCommandLine.of(request(null, true, "bash"), HostMode.MACHINED, "m1", 4242, "h1", true);
        assertThat(args).startsWith("nsenter", "--target=4242", "--all", "--", "systemd-run", "--wait", "--quiet",
                "--collect", "--pty", "--").contains("TERM=xterm").noneMatch(a -> a.startsWith("--machine"));
    }

    @Test
    void existingWorkdirIsSetBySystemd() {
        List<String> args = ExecCommandLine.of(request("/etc", false, "pwd"), HostMode.STANDALONE, "m", 1, "h", true);
        assertThat(args).contains("--working-directory=/etc").doesNotContain("/bin/sh");
    }

    @Test
    void missingWorkdirIsCreatedByAShellFirst() {
        List<String> args = ExecCommandLine.of(request("/new dir", false, "pwd"), HostMode.STANDALONE, "m", 1, "h", false);
        int sh = args.indexOf("/bin/sh");
        assertThat(sh).isPositive();
        assertThat(args.get(sh + 3)).isEqualTo("/new dir");
        assertThat(args.subList(sh + 4, args.size())).startsWith("/usr/bin/env").endsWith("pwd");
    }

    @Test
    void userVariablesWinOverDefaults() {
        ExecRequest r = new ExecRequest(List.of("true"), List.of(new EnvironmentVariable("HOME", "/home/x")), null, null, false, false);
        assertThat(CommandEnvironment.of(r, "h")).containsExactly(new EnvironmentVariable("HOME", "/home/x"),
                new EnvironmentVariable("HOSTNAME", "h"));
    }

    @Test
    void commandWithAnEqualsSignIsNotTakenForAnAssignment() {
        assertThat(CommandEnvironment.envWrapped(List.of(), List.of("a=b", "x"))).containsExactly("/usr/bin/env", "./a=b", "x");
    }

    @Test
    void userAndGroupGoToSystemdRun() {
        ExecRequest r = new ExecRequest(List.of("id"), List.of(), null, "nobody:nogroup", false, false);
        List<String> args = ExecCommandLine.of(r, HostMode.STANDALONE, "m", 1, "h", true);
        assertThat(args).contains("--uid=nobody", "--gid=nogroup").doesNotContain("HOME=/root");
    }

    @Test
    void enteringTakesAppendedArgumentsVerbatimWithACleanEnvironment() {
        List<String> args = ExecCommandLine.entering(new ExecRequest(List.of("true"),
                List.of(new EnvironmentVariable("FROM_IMAGE", "$x")), null, null, false, false), 42, null, "h1");

        assertThat(args).startsWith("nsenter", "--target=42", "--all", "--root", "--", "/usr/bin/env", "-i")
                .contains("HOME=/root", "HOSTNAME=h1", "FROM_IMAGE=$x").noneMatch(a -> a.contains("systemd-run"));
        assertThat(args.get(args.size() - 1)).as("the caller's command comes right after the variables")
                .contains("=");
    }

    @Test
    void enteringThroughALeaderFileReadsThePidWhenItRuns() {
        List<String> args = ExecCommandLine.entering(new ExecRequest(List.of("true"), List.of(), null, null, false,
                false), 42, java.nio.file.Path.of("/state/leader"), "h1");

        assertThat(args.subList(0, 2)).containsExactly("/bin/sh", "-c");
        assertThat(args.get(2)).contains("read -r pid < \"$0\" || exit 255").contains("exec nsenter --target=\"$pid\"");
        assertThat(args.get(3)).isEqualTo("/state/leader");
        assertThat(args).doesNotContain("--target=42");
    }
}
