package org.racker.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.racker.image.json.ImageConfig;

/**
 * What an image's config says a container runs with, and docker's rules for combining it
 * with what the caller gives: the entrypoint stays unless an entrypoint override replaces it
 * (which also drops the image's Cmd); arguments given replace Cmd; the caller's variables,
 * working directory and user win over Env, WorkingDir and User.
 *
 * @param environment the image's Env, in its order
 * @param workingDirectory null when the image sets none
 * @param user null when the image sets none (root)
 * @param exposedPorts the image's ExposedPorts as docker keys them ({@code 80/tcp}), for {@code -P}
 */
public record ImageDefaults(List<String> entrypoint, List<String> cmd, Map<String, String> environment,
        String workingDirectory, String user, List<String> exposedPorts) {

    /** A root directory's: it has no config. */
    public static final ImageDefaults NONE = new ImageDefaults(List.of(), List.of(), Map.of(), null, null);

    /** Defaults of an image that exposes no ports. */
    public ImageDefaults(List<String> entrypoint, List<String> cmd, Map<String, String> environment,
            String workingDirectory, String user) {
        this(entrypoint, cmd, environment, workingDirectory, user, List.of());
    }

    public ImageDefaults {
        entrypoint = List.copyOf(entrypoint);
        cmd = List.copyOf(cmd);
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        exposedPorts = exposedPorts == null ? List.of() : List.copyOf(exposedPorts);
    }

    static ImageDefaults of(ImageConfig config) {
        if (config == null || config.config() == null) {
            return NONE;
        }
        ImageConfig.ContainerConfig c = config.config();
        Map<String, String> env = new LinkedHashMap<>();
        for (String assignment : c.env() == null ? List.<String>of() : c.env()) {
            int eq = assignment.indexOf('=');
            if (eq > 0) {
                env.put(assignment.substring(0, eq), assignment.substring(eq + 1));
            }
        }
        return new ImageDefaults(c.entrypoint() == null ? List.of() : c.entrypoint(),
                c.cmd() == null ? List.of() : c.cmd(), env,
                c.workingDir() == null || c.workingDir().isEmpty() ? null : c.workingDir(),
                c.user() == null || c.user().isEmpty() ? null : c.user(),
                c.exposedPorts() == null ? List.of() : List.copyOf(new java.util.TreeSet<>(c.exposedPorts().keySet())));
    }

    /**
     * The command to run, from an entrypoint override (null: none given; empty: drop the
     * image's) and the arguments given after the image.
     */
    public List<String> command(String entrypointOverride, List<String> arguments) {
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
