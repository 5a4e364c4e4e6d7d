package org.racker.cli;

import java.util.ArrayList;
import java.util.List;
import org.racker.image.json.ImageConfig;
import org.racker.runtime.EnvironmentVariable;

/**
 * What an image's config says a container runs with, and docker's rules for combining it
 * with the command line: the entrypoint stays unless {@code --entrypoint} replaces it (which
 * also drops the image's Cmd); arguments after the image replace Cmd; {@code -e} and
 * {@code -w} win over Env and WorkingDir.
 */
record ImageDefaults(List<String> entrypoint, List<String> cmd, List<EnvironmentVariable> environment,
        String workingDirectory, String user) {

    static final ImageDefaults NONE = new ImageDefaults(List.of(), List.of(), List.of(), null, null);

    static ImageDefaults of(ImageConfig config) {
        if (config == null || config.config() == null) {
            return NONE;
        }
        ImageConfig.ContainerConfig c = config.config();
        List<EnvironmentVariable> env = new ArrayList<>();
        for (String assignment : c.env() == null ? List.<String>of() : c.env()) {
            int eq = assignment.indexOf('=');
            if (eq > 0) {
                env.add(new EnvironmentVariable(assignment.substring(0, eq), assignment.substring(eq + 1)));
            }
        }
        return new ImageDefaults(c.entrypoint() == null ? List.of() : c.entrypoint(),
                c.cmd() == null ? List.of() : c.cmd(), env,
                c.workingDir() == null || c.workingDir().isEmpty() ? null : c.workingDir(),
                c.user() == null || c.user().isEmpty() ? null : c.user());
    }

    /** The command to run, from {@code --entrypoint} (null: not given) and the arguments. */
    List<String> command(String entrypointOverride, List<String> arguments) {
        List<String> command = new ArrayList<>();
        if (entrypointOverride != null) {
            if (!entrypointOverride.isEmpty()) {
                command.add(entrypointOverride);
            }
            command.addAll(arguments);
            return command;
        }
        command.addAll(entrypoint);
        command.addAll(arguments.isEmpty() ? cmd : arguments);
        return command;
    }
}
