package org.racker.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.racker.api.Registries;
import org.racker.api.Racker;
import picocli.CommandLine.Model.CommandSpec;

/** {@code racker logout}: forget a registry's credentials. */
public final class LogoutCommand implements Callable<Integer> {
    private final RackerCommand parent;
    Path authFile;
    String registry;

    LogoutCommand(RackerCommand parent) {
        this.parent = parent;
    }

    CommandSpec model() {
        return CommandModel.of(this, "logout", "Remove a registry's stored credentials.")
                .add(CommandModel.option(Path.class, v -> authFile = v, "--authfile").paramLabel("FILE"))
                .add(CommandModel.positional(String.class, v -> registry = v).index("0").paramLabel("REGISTRY")
                        .defaultValue("docker.io"))
                .spec();
    }

    @Override
    public Integer call() throws Exception {
        Registries registries = Racker.registries(new StderrEventLog(parent.spec.commandLine().getErr(),
                parent.global.verbose, parent.global.debug, parent.startNanos));
        String host = registries.host(registry);
        boolean removed = registries.logout(registry, authFile);
        if (!removed) {
            parent.spec.commandLine().getErr().println("racker: not logged in to " + host);
            parent.spec.commandLine().getErr().flush();
            return ExitCodes.CHECK_FAILED;
        }
        parent.spec.commandLine().getOut().println("Removed login credentials for " + host);
        parent.spec.commandLine().getOut().flush();
        return 0;
    }
}
