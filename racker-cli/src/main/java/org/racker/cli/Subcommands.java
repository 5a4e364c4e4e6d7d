package org.racker.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * racker's (and postroj's) subcommands, registered lazily: picocli builds a command's model by reflection
 * over its annotations, tens of milliseconds on every start for all of them, while one
 * invocation uses one. The full set is registered only when none is named (top-level help,
 * errors), and none for a bare --version.
 */
final class Subcommands {
    private static final Map<String, Supplier<Object>> ALL = new LinkedHashMap<>();
    private static final Map<String, Supplier<Object>> POSTROJ = new LinkedHashMap<>();

    static {
        POSTROJ.put("list-images", ListImagesCommand::new);
        POSTROJ.put("pull", PostrojPullCommand::new);
        POSTROJ.put("selftest", SelftestCommand::new);
        POSTROJ.put("pkgprobe", PkgprobeCommand::new);
        POSTROJ.put("matrix", MatrixCommand::new);

        ALL.put("run", RunCommand::new);
        ALL.put("create", CreateCommand::new);
        ALL.put("start", StartCommand::new);
        ALL.put("restart", RestartCommand::new);
        ALL.put("exec", ExecCommand::new);
        ALL.put("ps", PsCommand::new);
        ALL.put("stop", StopCommand::new);
        ALL.put("kill", KillCommand::new);
        ALL.put("inspect", InspectCommand::new);
        ALL.put("port", PortCommand::new);
        ALL.put("logs", LogsCommand::new);
        ALL.put("cp", CpCommand::new);
        ALL.put("wait", WaitCommand::new);
        ALL.put("rm", RmCommand::new);
        ALL.put("info", InfoCommand::new);
        ALL.put("pull", PullCommand::new);
        ALL.put("images", ImagesCommand::new);
        ALL.put("image", ImageCommand::new);
        ALL.put("container", ContainerCommand::new);
        ALL.put("system", SystemCommand::new);
        ALL.put("rmi", RmiCommand::new);
        ALL.put("login", LoginCommand::new);
        ALL.put("logout", LogoutCommand::new);
        ALL.put("version", VersionCommand::new);
        ALL.put("completion", CompletionCommand::new);
    }

    private Subcommands() { }

    static void register(CommandLine root, String[] args) {
        register(root, args, ALL);
    }

    /** postroj's subcommands, the same way. */
    static void registerPostroj(CommandLine root, String[] args) {
        register(root, args, POSTROJ);
    }

    private static void register(CommandLine root, String[] args, Map<String, Supplier<Object>> all) {
        String named = subcommandName(args);
        if (named != null && all.containsKey(named)) {
            add(root, named, all);
        } else if (named == null && java.util.Arrays.asList(args).contains("--version")) {
            return; // nothing to describe
        } else {
            all.keySet().forEach(name -> add(root, name, all));
        }
    }

    private static void add(CommandLine root, String name, Map<String, Supplier<Object>> all) {
        CommandLine sub = new CommandLine(all.get(name).get());
        if (name.equals("run") || name.equals("create") || name.equals("exec")) {
            // everything after the image (or, with --rootfs, the first argument) is the command's
            sub.setStopAtPositional(true);
        }
        root.addSubcommand(name, sub);
    }

    /** The first argument that is neither a global option nor its value. */
    static String subcommandName(String[] args) {
        int at = subcommandIndex(args);
        return at < 0 ? null : args[at];
    }

    /** Where {@link #subcommandName} is in {@code args}, or -1. */
    static int subcommandIndex(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--root")) {
                i++;
            } else if (!a.startsWith("-")) {
                return i;
            }
        }
        return -1;
    }
}
