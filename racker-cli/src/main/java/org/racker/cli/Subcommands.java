package org.racker.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * racker's (and postroj's) subcommands, registered lazily: one invocation uses one command's
 * model, so only that one is built. The full set is registered only when none is named
 * (top-level help, errors), and none for a bare --version.
 */
final class Subcommands {
    private static final Map<String, Function<RackerCommand, CommandSpec>> ALL = new LinkedHashMap<>();
    private static final Map<String, Function<PostrojCommand, CommandSpec>> POSTROJ = new LinkedHashMap<>();

    static {
        POSTROJ.put("list-images", parent -> new ListImagesCommand(parent).model());
        POSTROJ.put("pull", parent -> new PostrojPullCommand(parent).model());
        POSTROJ.put("selftest", parent -> new SelftestCommand(parent).model());
        POSTROJ.put("pkgprobe", parent -> new PkgprobeCommand(parent).model());
        POSTROJ.put("matrix", parent -> new MatrixCommand(parent).model());

        ALL.put("run", parent -> new RunCommand(parent).model());
        ALL.put("create", parent -> new CreateCommand(parent).model());
        ALL.put("start", parent -> new StartCommand(parent).model());
        ALL.put("restart", parent -> new RestartCommand(parent).model());
        ALL.put("exec", parent -> new ExecCommand(parent).model());
        ALL.put("ps", parent -> new PsCommand(parent).model());
        ALL.put("stop", parent -> new StopCommand(parent).model());
        ALL.put("kill", parent -> new KillCommand(parent).model());
        ALL.put("inspect", parent -> new InspectCommand(parent).model());
        ALL.put("port", parent -> new PortCommand(parent).model());
        ALL.put("logs", parent -> new LogsCommand(parent).model());
        ALL.put("cp", parent -> new CpCommand(parent).model());
        ALL.put("wait", parent -> new WaitCommand(parent).model());
        ALL.put("rm", parent -> new RmCommand(parent).model());
        ALL.put("info", parent -> new InfoCommand(parent).model());
        ALL.put("pull", parent -> new PullCommand(parent).model());
        ALL.put("images", parent -> new ImagesCommand(parent).model());
        ALL.put("image", parent -> new ImageCommand(parent).model());
        ALL.put("container", parent -> new ContainerCommand(parent).model());
        ALL.put("system", parent -> new SystemCommand(parent).model());
        ALL.put("rmi", parent -> new RmiCommand(parent).model());
        ALL.put("login", parent -> new LoginCommand(parent).model());
        ALL.put("logout", parent -> new LogoutCommand(parent).model());
        ALL.put("version", parent -> new VersionCommand(parent).model());
        ALL.put("completion", parent -> new CompletionCommand(parent).model());
    }

    private Subcommands() { }

    /** racker's command line for {@code args}: the root with the subcommand they name. */
    static CommandLine racker(RackerCommand root, String[] args) {
        return register(new CommandLine(root.spec), root, args, ALL);
    }

    /** postroj's, the same way. */
    static CommandLine postroj(PostrojCommand root, String[] args) {
        return register(new CommandLine(root.spec), root, args, POSTROJ);
    }

    private static <P> CommandLine register(CommandLine root, P parent, String[] args,
            Map<String, Function<P, CommandSpec>> all) {
        String named = subcommandName(args);
        if (named != null && all.containsKey(named)) {
            add(root, parent, named, all);
        } else if (named == null && java.util.Arrays.asList(args).contains("--version")) {
            return root; // nothing to describe
        } else {
            all.keySet().forEach(name -> add(root, parent, name, all));
        }
        return root;
    }

    private static <P> void add(CommandLine root, P parent, String name, Map<String, Function<P, CommandSpec>> all) {
        CommandLine sub = new CommandLine(all.get(name).apply(parent));
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
