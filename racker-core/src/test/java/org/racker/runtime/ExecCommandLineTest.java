package org.racker.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

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
}
