package org.racker.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * docker's management commands ({@code container ls}, {@code image rm}, ...) as the flat
 * commands they stand for. The command line is rewritten before it is parsed, so both
 * spellings share one command class, one parse and the fast paths (exec) of the flat form.
 * What has no flat form ({@code container prune}) stays a subcommand of the group.
 */
final class ManagementCommands {
    static final Map<String, String> CONTAINER = table(
            "ls", "ps", "list", "ps", "ps", "ps", "run", "run", "exec", "exec", "stop", "stop", "kill", "kill",
            "rm", "rm", "remove", "rm", "inspect", "inspect", "logs", "logs", "cp", "cp", "wait", "wait",
            "port", "port", "create", "create", "start", "start", "restart", "restart");
    static final Map<String, String> IMAGE = table(
            "ls", "images", "list", "images", "rm", "rmi", "remove", "rmi", "pull", "pull");
    static final Map<String, String> SYSTEM = table("info", "info");

    private ManagementCommands() { }

    /** {@code args} with a management command and its subcommand replaced by the flat command. */
    static String[] flatten(String[] args) {
        int at = Subcommands.subcommandIndex(args);
        if (at < 0 || at + 1 >= args.length) {
            return args;
        }
        Map<String, String> table = args[at].equals("container") ? CONTAINER
                : args[at].equals("image") ? IMAGE : args[at].equals("system") ? SYSTEM : null;
        String flat = table == null ? null : table.get(args[at + 1]);
        if (flat == null) {
            return args;
        }
        String[] rewritten = new String[args.length - 1];
        System.arraycopy(args, 0, rewritten, 0, at);
        rewritten[at] = flat;
        System.arraycopy(args, at + 2, rewritten, at + 1, args.length - at - 2);
        return rewritten;
    }

    private static Map<String, String> table(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
