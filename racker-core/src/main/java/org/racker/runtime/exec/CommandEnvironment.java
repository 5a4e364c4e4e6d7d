package org.racker.runtime.exec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The variables a command gets on top of its service manager's clean environment, as docker
 * sets them: HOME, HOSTNAME, TERM with a terminal, then the user's own (which win).
 */
public final class CommandEnvironment {
    private CommandEnvironment() { }

    public static List<EnvironmentVariable> of(ExecRequest request, String hostname) {
        Map<String, String> vars = new LinkedHashMap<>();
        if (request.user() == null || request.user().equals("root") || request.user().startsWith("0")) {
            vars.put("HOME", "/root"); // other users get theirs from systemd (User= sets HOME)
        }
        vars.put("HOSTNAME", hostname);
        if (request.tty()) {
            vars.put("TERM", "xterm");
        }
        for (EnvironmentVariable v : request.environment()) {
            vars.put(v.name(), v.value());
        }
        List<EnvironmentVariable> result = new ArrayList<>();
        for (Map.Entry<String, String> v : vars.entrySet()) {
            result.add(new EnvironmentVariable(v.getKey(), v.getValue()));
        }
        return result;
    }

    /**
     * {@code env NAME=VALUE... -- CMD}: env takes any variable name (nspawn's and systemd-run's
     * options refuse names like {@code we.ird-name}), and reports a command it cannot find
     * with 127 and one it cannot execute with 126, the codes docker uses.
     */
    public static List<String> envWrapped(List<EnvironmentVariable> vars, List<String> command) {
        List<String> args = new ArrayList<>();
        args.add("/usr/bin/env");
        for (EnvironmentVariable v : vars) {
            args.add(v.assignment());
        }
        if (command.get(0).contains("=")) {
            // env would take it for one more assignment; a path prefix makes it a command.
            args.add("./" + command.get(0));
            args.addAll(command.subList(1, command.size()));
        } else {
            args.addAll(command);
        }
        return args;
    }
}
