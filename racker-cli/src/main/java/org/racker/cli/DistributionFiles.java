package org.racker.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.racker.InvalidArgumentException;
import picocli.CommandLine;

/**
 * Writes what the packages ship beside the jar, made from the command models at build time:
 * man pages ({@code man/man1}) and completion scripts ({@code completion/bash|zsh|fish}).
 * Run by the build: {@code DistributionFiles OUTPUT_DIRECTORY}.
 */
public final class DistributionFiles {
    private DistributionFiles() { }

    public static void main(String[] args) throws IOException, InvalidArgumentException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: DistributionFiles OUTPUT_DIRECTORY");
        }
        Path out = Path.of(args[0]);
        BuildInfo build = BuildInfo.current();
        for (CommandLine root : new CommandLine[] {CommandModels.racker(), CommandModels.postroj(),
                CommandModels.autopkgtestVirt()}) {
            String name = root.getCommandSpec().name();
            for (Map.Entry<String, String> page : ManPages.of(root, build).entrySet()) {
                write(out.resolve("man/man1").resolve(page.getKey()), page.getValue());
            }
            write(out.resolve("completion/bash").resolve(name), CompletionScripts.of("bash", root));
            write(out.resolve("completion/zsh").resolve("_" + name), CompletionScripts.of("zsh", root));
            write(out.resolve("completion/fish").resolve(name + ".fish"), CompletionScripts.of("fish", root));
        }
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
