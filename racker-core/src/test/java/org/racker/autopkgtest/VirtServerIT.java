package org.racker.autopkgtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.racker.api.ContainerConfig;
import org.racker.api.Image;
import org.racker.api.Racker;
import org.racker.testing.Leaks;
import org.racker.testing.TestRootfs;

/**
 * The virtualisation server in-process, talking the protocol as autopkgtest does, against
 * real booted containers of a Debian root: every command, the commands it refuses and what
 * it leaves behind (nothing).
 */
@Tag("integration")
class VirtServerIT {
    @TempDir
    Path stateRoot;

    @TempDir
    Path host;

    private Session session;

    @AfterEach
    void nothingLeft() throws Exception {
        if (session != null) {
            session.end();
        }
        assertThat(Leaks.under(stateRoot)).isEmpty();
        Path testbeds = stateRoot.resolve("testbeds");
        if (Files.isDirectory(testbeds)) {
            try (var left = Files.list(testbeds)) {
                assertThat(left).as("the server's directory of test bed changes").isEmpty();
            }
        }
    }

    @Test
    void rebootKeepsFilesAndPackagesButNotProcessesAndRevertDropsThem() throws Exception {
        session = new Session();
        session.reply();
        String opened = session.ask("open");
        String downtmp = opened.substring(3);
        List<String> execute = session.executeCommand();
        assertThat(run(execute, "sh", "-c", "echo kept > /var/kept; echo scratch > \"$0\"/scratch;"
                + " systemd-run --quiet --unit=held sleep 1000; systemctl is-active held", downtmp).out)
                .isEqualTo("active\n");
        String hostnameBefore = run(execute, "hostname").out;

        assertThat(session.ask("reboot")).isEqualTo("ok");

        assertThat(run(execute, "cat", "/var/kept", downtmp + "/scratch").out).as("the same execute command reaches"
                + " the rebooted test bed, with its files").isEqualTo("kept\nscratch\n");
        assertThat(run(execute, "systemctl", "is-active", "held").out).isEqualTo("inactive\n");
        assertThat(run(execute, "hostname").out).isEqualTo(hostnameBefore);
        assertThat(run(execute, "id", "-u", "autopkgtest").status).isZero();
        assertThat(session.ask("capabilities")).endsWith(" suggested-normal-user=autopkgtest");

        assertThat(session.ask("revert")).isEqualTo(opened);
        assertThat(run(session.executeCommand(), "test", "-e", "/var/kept").status).isEqualTo(1);
        assertThat(run(execute, "true").status).as("the first test bed's execute command, after the revert")
                .isEqualTo(255);
        session.send("quit");
        assertThat(session.reply()).isEqualTo("ok");
        assertThat(session.status()).isZero();
    }

    @Test
    void everyCommandOfAWholeSession() throws Exception {
        session = new Session();
        assertThat(session.reply()).isEqualTo("ok");
        assertThat(session.ask("capabilities")).isEqualTo(
                "ok revert revert-full-system isolation-container root-on-testbed reboot");

        String opened = session.ask("open");
        assertThat(opened).matches("ok /tmp/autopkgtest\\.\\w{6}");
        String downtmp = opened.substring(3);
        assertThat(session.ask("capabilities")).endsWith(" suggested-normal-user=autopkgtest");
        List<String> execute = session.executeCommand();

        Result user = run(execute, "sh", "-c", "id -u autopkgtest; stat -c %a \"$0\"", downtmp);
        assertThat(user.status).isZero();
        assertThat(user.out).matches("\\d+\n1777\n");
        // arguments arrive verbatim: no shell and no service manager substitutes $X on the way
        Result verbatim = run(execute, "sh", "-c", "printf '%s|' \"$0\" \"$1\"; echo err >&2; exit 7", "$HOME", "a b");
        assertThat(verbatim.status).isEqualTo(7);
        assertThat(verbatim.out).isEqualTo("$HOME|a b|");
        assertThat(verbatim.err).isEqualTo("err\n");
        assertThat(run(execute, "sh", "-c", "kill -KILL $$").status).isEqualTo(128 + 9);
        assertThat(run(execute, "no-such-command").status).isEqualTo(127);
        assertThat(run(execute, "sh", "-c", "echo $HOME $USER; id -u").out).isEqualTo("/root\n0\n");

        Path file = Files.writeString(host.resolve("script"), "#!/bin/sh\necho copied\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-x---"));
        assertThat(session.ask("copydown " + file + " " + downtmp + "/script")).isEqualTo("ok");
        assertThat(run(execute, downtmp + "/script").out).isEqualTo("copied\n");
        Path tree = Files.createDirectories(host.resolve("tree/sub"));
        Files.writeString(tree.resolve("leaf"), "leaf\n");
        assertThat(session.ask("copydown " + host.resolve("tree") + "/ " + downtmp + "/tree/")).isEqualTo("ok");
        assertThat(run(execute, "cat", downtmp + "/tree/sub/leaf").out).isEqualTo("leaf\n");

        assertThat(run(execute, "sh", "-c", "mkdir -p /var/up/d && echo up > /var/up/d/f && echo one > /var/up/one").status)
                .isZero();
        assertThat(session.ask("copyup /var/up/one " + host.resolve("one"))).isEqualTo("ok");
        assertThat(Files.readString(host.resolve("one"))).isEqualTo("one\n");
        assertThat(session.ask("copyup /var/up/ " + host.resolve("up") + "/")).isEqualTo("ok");
        assertThat(Files.readString(host.resolve("up/d/f"))).isEqualTo("up\n");
        assertThat(session.ask("copyup /var/no-such-file " + host.resolve("missing"))).isEqualTo("copy-failed");
        assertThat(session.errors()).anyMatch(l -> l.contains("copyup /var/no-such-file"));

        // a name with a space, as autopkgtest quotes it
        assertThat(session.ask("copydown " + PercentEncoding.encode(file.toString()) + " "
                + PercentEncoding.encode(downtmp + "/with space"))).isEqualTo("ok");
        assertThat(run(execute, "cat", downtmp + "/with space").status).isZero();

        assertThat(session.ask("revert")).isEqualTo(opened);
        List<String> afterRevert = session.executeCommand();
        assertThat(run(afterRevert, "test", "-e", "/var/up/one").status).as("the revert dropped every change")
                .isEqualTo(1);
        assertThat(run(afterRevert, "test", "-d", downtmp).status).as("the same scratch directory").isZero();
        Result stale = run(execute, "touch", "/stale");
        assertThat(stale.status).as("the execute command of the reverted container: " + stale).isEqualTo(255);
        assertThat(run(afterRevert, "test", "-e", "/stale").status).isEqualTo(1);

        assertThat(session.ask("close")).isEqualTo("ok");
        assertThat(run(afterRevert, "true").status).as("nothing runs after close").isEqualTo(255);
        assertThat(session.ask("capabilities")).doesNotContain("suggested-normal-user");
        assertThat(session.ask("open")).isEqualTo(opened);
        session.send("quit");
        assertThat(session.reply()).isEqualTo("ok");
        assertThat(session.status()).isZero();
    }

    @Test
    void aCommandAfterCloseEndsTheServerWith12() throws Exception {
        session = new Session();
        session.reply();
        assertThat(session.ask("open")).startsWith("ok ");
        assertThat(session.ask("close")).isEqualTo("ok");
        session.send("print-execute-command");
        assertThat(session.status()).isEqualTo(VirtServer.PROTOCOL_FAILURE);
        assertThat(session.errors()).containsExactly(
                "autopkgtest-virt-racker: failure: `print-execute-command' when not open");
    }

    @Test
    void anUnknownCommandClosesTheTestBedAndEndsWith12() throws Exception {
        session = new Session();
        session.reply();
        assertThat(session.ask("open")).startsWith("ok ");
        session.send("launch-missiles now");
        assertThat(session.status()).isEqualTo(VirtServer.PROTOCOL_FAILURE);
        assertThat(session.errors()).containsExactly("autopkgtest-virt-racker: failure: unknown command `launch-missiles'");
    }

    @Test
    void refusedRequestsEachEndWith12() throws Exception {
        for (String[] refused : new String[][] {
                {"capabilities extra", "too many arguments to command `capabilities'"},
                {"close", "`close' when not open"},
                {"copydown /etc/hostname", "too few arguments to command `copydown'"},
                {"copyup /a /b", "`copyup' when not open"},
                {"reboot", "`reboot' when not open"},
                {"reboot prepare-only extra", "too many arguments to command `reboot'"},
                {"shell", "too few arguments to command `shell'"}}) {
            Session s = new Session();
            s.reply();
            s.send(refused[0]);
            assertThat(s.status()).as(refused[0]).isEqualTo(VirtServer.PROTOCOL_FAILURE);
            assertThat(s.errors()).containsExactly("autopkgtest-virt-racker: failure: " + refused[1]);
        }
    }

    @Test
    void openTwiceAndMixedDirectorynessAreRefusedAndTheTestBedGoes() throws Exception {
        session = new Session();
        session.reply();
        assertThat(session.ask("open")).startsWith("ok ");
        session.send("copydown " + host + "/ /tmp/file");
        assertThat(session.status()).isEqualTo(VirtServer.PROTOCOL_FAILURE);
        assertThat(session.errors()).containsExactly("autopkgtest-virt-racker: failure: copydown paths must agree"
                + " about directoryness (presence or absence of trailing /)");
        assertThat(Leaks.under(stateRoot)).isEmpty();

        Session again = new Session();
        again.reply();
        again.ask("open");
        again.send("open");
        assertThat(again.status()).isEqualTo(VirtServer.PROTOCOL_FAILURE);
        assertThat(again.errors()).containsExactly("autopkgtest-virt-racker: failure: `open' when already open");
    }

    @Test
    void endOfInputClosesTheTestBed() throws Exception {
        session = new Session();
        session.reply();
        assertThat(session.ask("open")).startsWith("ok ");
        session.closeInput();
        assertThat(session.status()).isEqualTo(VirtServer.PROTOCOL_FAILURE);
        assertThat(session.errors()).containsExactly("autopkgtest-virt-racker: failure: end of file - caller quit?");
    }

    @Test
    void anImageThatCannotBootIsAProtocolFailureWithItsReason() throws Exception {
        session = new Session(ContainerConfig.builder(Image.directory(host.resolve("no-such-root"))).build());
        session.reply();
        session.send("open");
        assertThat(session.status()).isEqualTo(VirtServer.PROTOCOL_FAILURE);
        assertThat(session.errors()).singleElement().asString()
                .startsWith("autopkgtest-virt-racker: failure: cannot open the test bed: ")
                .contains("no-such-root");
    }

    private record Result(int status, String out, String err) { }

    private static Result run(List<String> prefix, String... command) throws Exception {
        List<String> argv = new ArrayList<>(prefix);
        argv.addAll(Arrays.asList(command));
        Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
            try {
                return p.getErrorStream().readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out, new String(err.get(), StandardCharsets.UTF_8));
    }

    /** The server on a thread of its own, with autopkgtest's end of its pipes. */
    private final class Session {
        private final PrintWriter toServer;
        private final BufferedReader fromServer;
        private final List<String> errors = new CopyOnWriteArrayList<>();
        private final CompletableFuture<Integer> status;

        Session() throws IOException {
            this(ContainerConfig.builder(Image.directory(TestRootfs.bookworm()))
                    .bootProfile(ContainerConfig.BootProfile.TEST).build());
        }

        Session(ContainerConfig config) throws IOException {
            PipedOutputStream requests = new PipedOutputStream();
            PipedInputStream serverIn = new PipedInputStream(requests);
            PipedInputStream replies = new PipedInputStream();
            PipedOutputStream serverOut = new PipedOutputStream(replies);
            toServer = new PrintWriter(new OutputStreamWriter(requests, StandardCharsets.UTF_8), true);
            fromServer = new BufferedReader(new InputStreamReader(replies, StandardCharsets.UTF_8));
            VirtServer server = new VirtServer(Racker.withRoot(stateRoot), config,
                    new BufferedReader(new InputStreamReader(serverIn, StandardCharsets.UTF_8)),
                    new PrintWriter(new OutputStreamWriter(serverOut, StandardCharsets.UTF_8)), errors::add);
            status = CompletableFuture.supplyAsync(() -> {
                try {
                    return server.run();
                } finally {
                    try {
                        serverOut.close();
                    } catch (IOException e) {
                        // the test stopped reading
                    }
                }
            });
        }

        void send(String line) {
            toServer.println(line);
        }

        String reply() throws IOException {
            return fromServer.readLine();
        }

        String ask(String line) throws IOException {
            send(line);
            return reply();
        }

        List<String> executeCommand() throws IOException {
            String reply = ask("print-execute-command");
            assertThat(reply).startsWith("ok ");
            return Arrays.stream(reply.substring(3).split(",")).map(PercentEncoding::decode).toList();
        }

        List<String> errors() {
            return errors;
        }

        void closeInput() {
            toServer.close();
        }

        int status() throws Exception {
            return status.get(60, TimeUnit.SECONDS);
        }

        /** Ends the server as autopkgtest does when a test leaves early. */
        void end() throws Exception {
            if (!status.isDone()) {
                closeInput();
            }
            status();
        }
    }
}
