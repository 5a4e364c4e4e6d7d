package org.racker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The whole command line of racker, postroj and autopkgtest-virt-racker as a text: every
 * command's help and every option's parsing attributes. A change to an option shows in the
 * diff of command-models.txt; regenerate it with {@code -Dracker.commandModels.update=true}
 * and read the diff before committing.
 */
class CommandModelsTest {
    private static final Path EXPECTED = Path.of("src/test/resources/org/racker/cli/command-models.txt");

    @Test
    void modelsMatchTheirDescription() throws IOException {
        StringBuilder text = new StringBuilder();
        describe(CommandModels.racker(), text);
        describe(CommandModels.postroj(), text);
        describe(CommandModels.autopkgtestVirt(), text);
        if (Boolean.getBoolean("racker.commandModels.update")) {
            Files.writeString(EXPECTED, text, StandardCharsets.UTF_8);
        }
        assertThat(text.toString()).isEqualTo(Files.readString(EXPECTED, StandardCharsets.UTF_8));
    }

    /** Reading annotations costs every start a proxy class per annotation type: models are built in code. */
    @Test
    void noCommandDeclaresItselfWithPicocliAnnotations() throws IOException {
        java.util.regex.Pattern annotation = java.util.regex.Pattern.compile(
                "@(Command|Option|Parameters|Mixin|ParentCommand|Spec|ArgGroup|Unmatched)\\b");
        try (java.util.stream.Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                assertThat(annotation.matcher(Files.readString(file)).find()).as(file.toString()).isFalse();
            }
        }
    }

    private static void describe(CommandLine command, StringBuilder text) {
        CommandSpec spec = command.getCommandSpec();
        text.append("=== ").append(spec.qualifiedName()).append('\n');
        text.append("aliases ").append(Arrays.toString(spec.aliases()))
                .append(" stopAtPositional ").append(command.isStopAtPositional())
                .append(" unmatchedArgumentsAllowed ").append(command.isUnmatchedArgumentsAllowed())
                .append(" sortOptions ").append(spec.usageMessage().sortOptions())
                .append(" showDefaultValues ").append(spec.usageMessage().showDefaultValues()).append('\n');
        text.append(command.getUsageMessage(CommandLine.Help.Ansi.OFF));
        for (OptionSpec option : spec.options()) {
            text.append("option ").append(Arrays.toString(option.names()));
            attributes(option, text);
            text.append(" usageHelp=").append(option.usageHelp()).append(" versionHelp=").append(option.versionHelp())
                    .append(" negatable=").append(option.negatable()).append(" fallback=").append(option.fallbackValue())
                    .append('\n');
        }
        for (PositionalParamSpec positional : spec.positionalParameters()) {
            text.append("positional ").append(positional.index());
            attributes(positional, text);
            text.append('\n');
        }
        Map<String, CommandLine> subcommands = new TreeMap<>(spec.subcommands());
        subcommands.forEach((name, sub) -> {
            if (sub.getCommandName().equals(name)) {
                describe(sub, text);
            }
        });
    }

    private static void attributes(ArgSpec arg, StringBuilder text) {
        text.append(" arity=").append(arg.arity()).append(" type=").append(arg.type().getName())
                .append(" aux=").append(Arrays.stream(arg.auxiliaryTypes()).map(Class::getName).toList())
                .append(" label=").append(arg.arity().max() == 0 ? "-" : arg.paramLabel()).append(" default=").append(arg.defaultValue())
                .append(" split=").append(arg.splitRegex())
                .append(" required=").append(arg.required()).append(" hidden=").append(arg.hidden())
                .append(" interactive=").append(arg.interactive()).append(" scope=").append(arg.scopeType())
                .append(" inherited=").append(arg.inherited());
    }
}
