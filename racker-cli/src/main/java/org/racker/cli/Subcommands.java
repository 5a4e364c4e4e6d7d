package org.racker.cli;

import java.util.List;
import java.util.function.BiFunction;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * racker's (and postroj's) subcommands, registered lazily: one invocation uses one command's
 * model, so only that one is built. The full set is registered only when none is named
 * (top-level help, errors), and none for a bare --version.
 */
final class Subcommands {
    // Names and a switch rather than a map of lambdas filled in a static initialiser: every
    // command line reads its subcommand's name first (exec's fast path only that), and linking
    // some thirty lambdas was the largest cost of that first touch of this class.
    private static final List<String> RACKER = List.of(
            "run", "create", "start", "restart", "exec", "ps", "stop", "kill", "inspect", "port", "logs", "cp",
            "wait", "rm", "info", "pull", "images", "image", "container", "system", "rmi", "login", "logout",
            "version", "completion");
    private static final List<String> POSTROJ = List.of(
            "list-images", "pull", "selftest", "pkgprobe", "matrix");

    private Subcommands() { }

    /** racker's command line for {@code args}: the root with the subcommand they name. */
    static CommandLine racker(RackerCommand root, String[] args) {
        return register(new CommandLine(root.spec), root, args, RACKER, Subcommands::rackerModel);
    }

    /** postroj's, the same way. */
    static CommandLine postroj(PostrojCommand root, String[] args) {
        return register(new CommandLine(root.spec), root, args, POSTROJ, Subcommands::postrojModel);
    }

    private static CommandSpec rackerModel(String name, RackerCommand parent) {
        return switch (name) {
            case "run" -> new RunCommand(parent).model();
            case "create" -> new CreateCommand(parent).model();
            case "start" -> new StartCommand(parent).model();
            case "restart" -> new RestartCommand(parent).model();
            case "exec" -> new ExecCommand(parent).model();
            case "ps" -> new PsCommand(parent).model();
            case "stop" -> new StopCommand(parent).model();
            case "kill" -> new KillCommand(parent).model();
            case "inspect" -> new InspectCommand(parent).model();
            case "port" -> new PortCommand(parent).model();
            case "logs" -> new LogsCommand(parent).model();
            case "cp" -> new CpCommand(parent).model();
            case "wait" -> new WaitCommand(parent).model();
            case "rm" -> new RmCommand(parent).model();
            case "info" -> new InfoCommand(parent).model();
            case "pull" -> new PullCommand(parent).model();
            case "images" -> new ImagesCommand(parent).model();
            case "image" -> new ImageCommand(parent).model();
            case "container" -> new ContainerCommand(parent).model();
            case "system" -> new SystemCommand(parent).model();
            case "rmi" -> new RmiCommand(parent).model();
            case "login" -> new LoginCommand(parent).model();
            case "logout" -> new LogoutCommand(parent).model();
            case "version" -> new VersionCommand(parent).model();
            case "completion" -> new CompletionCommand(parent).model();
            default -> throw new IllegalArgumentException("no racker command " + name);
        };
    }

    private static CommandSpec postrojModel(String name, PostrojCommand parent) {
        return switch (name) {
            case "list-images" -> new ListImagesCommand(parent).model();
            case "pull" -> new PostrojPullCommand(parent).model();
            case "selftest" -> new SelftestCommand(parent).model();
            case "pkgprobe" -> new PkgprobeCommand(parent).model();
            case "matrix" -> new MatrixCommand(parent).model();
            default -> throw new IllegalArgumentException("no postroj command " + name);
        };
    }

    private static <P> CommandLine register(CommandLine root, P parent, String[] args, List<String> names,
            BiFunction<String, P, CommandSpec> model) {
        String named = subcommandName(args);
        if (named != null && names.contains(named)) {
            add(root, parent, named, model);
        } else if (named == null && java.util.Arrays.asList(args).contains("--version")) {
            return root; // nothing to describe
        } else {
            names.forEach(name -> add(root, parent, name, model));
        }
        return root;
    }

    private static <P> void add(CommandLine root, P parent, String name, BiFunction<String, P, CommandSpec> model) {
        CommandLine sub = new CommandLine(model.apply(name, parent));
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
