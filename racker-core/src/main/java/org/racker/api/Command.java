package org.racker.api;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.racker.InvalidArgumentException;
import org.racker.runtime.exec.EnvironmentFile;
import org.racker.runtime.exec.EnvironmentVariable;

/**
 * One command to run in a container, with docker's exec options: variables on top of the
 * container's, a working directory (created when missing), a user, a terminal, and what to
 * feed its standard input. Immutable; the {@code with} methods return changed copies.
 */
public final class Command {
    private final List<String> arguments;
    private final Map<String, String> environment;
    private final String workingDirectory;
    private final String user;
    private final boolean tty;
    private final boolean interactive;
    private final byte[] stdin;
    private final boolean serviceManager;

    private Command(List<String> arguments, Map<String, String> environment, String workingDirectory, String user,
            boolean tty, boolean interactive, byte[] stdin, boolean serviceManager) {
        if (arguments.isEmpty()) {
            throw new IllegalArgumentException("a command needs at least the program to run");
        }
        if (workingDirectory != null && !workingDirectory.startsWith("/")) {
            throw new IllegalArgumentException("the working directory must be absolute: " + workingDirectory);
        }
        this.arguments = List.copyOf(arguments);
        this.environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        this.workingDirectory = workingDirectory;
        this.user = user == null || user.isEmpty() ? null : user;
        this.tty = tty;
        this.interactive = interactive;
        this.stdin = stdin;
        this.serviceManager = serviceManager;
    }

    public static Command of(String... arguments) {
        return of(List.of(arguments));
    }

    public static Command of(List<String> arguments) {
        return new Command(arguments, Map.of(), null, null, false, false, null, true);
    }

    /** With one more variable (replacing one of the same name). */
    public Command withEnv(String variable, String value) {
        if (variable.isEmpty() || variable.indexOf('=') >= 0) {
            throw new IllegalArgumentException("invalid environment variable name \"" + variable + "\"");
        }
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.remove(variable);
        env.put(variable, Objects.requireNonNull(value, "value"));
        return new Command(arguments, env, workingDirectory, user, tty, interactive, stdin, serviceManager);
    }

    /**
     * With a variable given as docker's {@code -e} takes it: {@code NAME=VALUE}, or {@code NAME}
     * alone for this process's value (none when this process has none).
     */
    public Command withEnvEntry(String entry) throws InvalidArgumentException {
        // no lambda: exec, which scripts call often, loads no class it can do without
        java.util.Optional<EnvironmentVariable> v = EnvironmentVariable.parse(entry, System.getenv());
        return v.isPresent() ? withEnv(v.get().name(), v.get().value()) : this;
    }

    /**
     * The entries of a docker env file ({@code --env-file}: {@code NAME=VALUE} or {@code NAME}
     * a line; blank lines and {@code #} comments skipped), in order, for {@link #withEnvEntry}.
     */
    public static List<String> envFileEntries(java.nio.file.Path file) throws InvalidArgumentException {
        return EnvironmentFile.entries(file);
    }

    /** Runs in {@code directory} (absolute), created first when the container lacks it. */
    public Command withWorkingDirectory(String directory) {
        return new Command(arguments, environment, directory, user, tty, interactive, stdin, serviceManager);
    }

    /** Runs as docker's {@code USER[:GROUP]}, names or ids, as the container's own files define them. */
    public Command withUser(String value) {
        return new Command(arguments, environment, workingDirectory, value, tty, interactive, stdin, serviceManager);
    }

    /** Runs on a terminal of the container's own (TERM=xterm); its output comes as one stream. */
    public Command withTty(boolean value) {
        return new Command(arguments, environment, workingDirectory, user, value, interactive, stdin, serviceManager);
    }

    /**
     * For {@link Container#execInheritingIo}: the command reads this JVM's standard input
     * (docker's {@code -i}); without, it reads /dev/null.
     */
    public Command withInteractive(boolean value) {
        return new Command(arguments, environment, workingDirectory, user, tty, value, stdin, serviceManager);
    }

    /** Feeds {@code bytes} to its standard input, then end of file; without, it reads /dev/null. */
    public Command withStdin(byte[] bytes) {
        return new Command(arguments, environment, workingDirectory, user, tty, interactive, bytes.clone(),
                serviceManager);
    }

    /**
     * Whether a booted container runs the command through its service manager, as a
     * transient service (the default, as {@code racker exec} does): a clean service
     * environment, a cgroup and a unit of its own. false runs it as a plain process entered
     * into the container's namespaces and root, as an app container's commands run: it starts
     * sooner, which suits quick queries such as {@code systemctl is-active}, but gets neither
     * the service's environment nor its sandboxing. A container without systemd, and a VM, ignore this.
     */
    public Command withServiceManager(boolean value) {
        return new Command(arguments, environment, workingDirectory, user, tty, interactive, stdin, value);
    }

    /** See {@link #withServiceManager}. */
    public boolean serviceManager() {
        return serviceManager;
    }

    public List<String> arguments() {
        return arguments;
    }

    public Map<String, String> environment() {
        return environment;
    }

    /** Null: the container's root directory. */
    public String workingDirectory() {
        return workingDirectory;
    }

    /** Null: root. */
    public String user() {
        return user;
    }

    public boolean tty() {
        return tty;
    }

    public boolean interactive() {
        return interactive;
    }

    /** What {@link #withStdin} set, or null. */
    public byte[] stdin() {
        return stdin == null ? null : stdin.clone();
    }

    @Override
    public String toString() {
        return String.join(" ", arguments);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Command c && arguments.equals(c.arguments) && environment.equals(c.environment)
                && Objects.equals(workingDirectory, c.workingDirectory) && Objects.equals(user, c.user) && tty == c.tty
                && interactive == c.interactive && Arrays.equals(stdin, c.stdin) && serviceManager == c.serviceManager;
    }

    @Override
    public int hashCode() {
        return Objects.hash(arguments, environment, workingDirectory, user, tty, interactive, Arrays.hashCode(stdin),
                serviceManager);
    }
}
