package org.racker.cli;

import java.io.PrintWriter;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.racker.InvalidArgumentException;
import org.racker.api.ImageFilter;
import org.racker.api.ImageSummary;
import org.racker.api.Images;
import org.racker.api.Racker;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code racker completion bash|zsh|fish}: the shell completion script, as podman prints
 * it, made from the command model so it knows every command and option. The scripts ask
 * {@code racker completion --names containers|images} for the names to offer.
 */
final class CompletionCommand implements Callable<Integer> {
    private final RackerCommand parent;
    String shell;
    String names;

    CompletionCommand(RackerCommand parent) {
        this.parent = parent;
    }

    /** Bare: completion never took -h or -V. */
    CommandSpec model() {
        return CommandModel.bare(this, "completion", "Print the shell completion script for bash, zsh or fish.")
                .footer("", "Load it now with: source <(racker completion bash)")
                .add(CommandModel.positional(String.class, v -> shell = v).index("0").arity("0..1").paramLabel("SHELL")
                        .description("bash, zsh or fish."))
                .add(CommandModel.option(String.class, v -> names = v, "--names").hidden(true).paramLabel("KIND")
                        .description("Print the names of the containers or images under --root, for the scripts."))
                .spec();
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = parent.spec.commandLine().getOut();
        if (names != null) {
            names(names).forEach(out::println);
            return ExitCodes.OK;
        }
        if (shell == null) {
            throw new InvalidArgumentException("name the shell: racker completion bash, zsh or fish");
        }
        out.print(CompletionScripts.of(shell, CommandModels.racker()));
        return ExitCodes.OK;
    }

    private TreeSet<String> names(String kind) throws Exception {
        TreeSet<String> result = new TreeSet<>();
        switch (kind) {
            case "containers" -> {
                result.addAll(Racker.withRoot(parent.global.root).containers().names());
            }
            case "images" -> {
                for (ImageSummary image : Racker.withRoot(parent.global.root).images().list(ImageFilter.ALL)) {
                    if (!image.bootable()) {
                        image.reference().ifPresent(result::add);
                    }
                }
                result.addAll(Images.curatedNames());
            }
            default -> throw new InvalidArgumentException("--names takes containers or images");
        }
        return result;
    }
}
