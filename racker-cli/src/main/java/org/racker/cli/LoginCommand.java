package org.racker.cli;

import static org.racker.cli.CommandModel.flag;
import static org.racker.cli.CommandModel.option;
import static org.racker.cli.CommandModel.positional;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.racker.InvalidArgumentException;
import org.racker.api.Racker;
import picocli.CommandLine.Model.CommandSpec;

/** {@code racker login}: check credentials with a registry and keep them for pulls. */
public final class LoginCommand implements Callable<Integer> {
    private final RackerCommand parent;
    String username;
    String password;
    boolean passwordStdin;
    Path authFile;
    boolean tlsVerify;
    String registry;

    LoginCommand(RackerCommand parent) {
        this.parent = parent;
    }

    CommandSpec model() {
        return CommandModel.of(this, "login", "Log in to a registry; the credentials go to $REGISTRY_AUTH_FILE or",
                        "$XDG_RUNTIME_DIR/containers/auth.json (~/.config/containers/auth.json without it).")
                .add(option(String.class, v -> username = v, "-u", "--username").paramLabel("USER")
                        .description("Asked for on the terminal when left out."))
                .add(option(String.class, v -> password = v, "-p", "--password").paramLabel("PASSWORD")
                        .description("Visible to other users in the process list: prefer --password-stdin."))
                .add(flag(v -> passwordStdin = v, "--password-stdin").description("Read the password from stdin."))
                .add(option(Path.class, v -> authFile = v, "--authfile").paramLabel("FILE")
                        .description("Keep the credentials in this file."))
                .add(option(boolean.class, v -> tlsVerify = v, "--tls-verify").arity("1").paramLabel("true|false")
                        .defaultValue("true"))
                .add(positional(String.class, v -> registry = v).index("0").paramLabel("REGISTRY")
                        .defaultValue("docker.io"))
                .spec();
    }

    @Override
    public Integer call() throws Exception {
        if (passwordStdin && password != null) {
            throw new InvalidArgumentException("give the password with --password-stdin or -p, not both");
        }
        java.io.Console terminal = System.console();
        if (username == null) {
            if (passwordStdin || terminal == null) {
                throw new InvalidArgumentException("give the user name with -u USER (racker asks for it only on a"
                        + " terminal)");
            }
            username = terminal.readLine("Username: ");
            if (username == null || username.isBlank()) {
                throw new InvalidArgumentException("no user name was given");
            }
            username = username.strip();
        }
        String secret;
        if (password != null) {
            secret = password;
        } else if (passwordStdin) {
            secret = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        } else if (terminal != null) {
            char[] typed = terminal.readPassword("Password: ");
            secret = typed == null ? null : new String(typed);
        } else {
            throw new InvalidArgumentException("give the password with --password-stdin (racker asks for it only on a"
                    + " terminal)");
        }
        if (secret == null || secret.isEmpty()) {
            throw new InvalidArgumentException("no password was given");
        }
        StderrEventLog log = new StderrEventLog(parent.spec.commandLine().getErr(), parent.global.verbose,
                parent.global.debug, parent.startNanos);
        Racker.registries(log).login(registry, username, secret, tlsVerify, authFile);
        PrintWriter out = parent.spec.commandLine().getOut();
        out.println("Login Succeeded");
        out.flush();
        return 0;
    }
}
