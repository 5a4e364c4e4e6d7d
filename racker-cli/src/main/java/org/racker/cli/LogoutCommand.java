package org.racker.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.racker.registry.RegistryLogin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code racker logout}: forget a registry's credentials. */
@Command(name = "logout", mixinStandardHelpOptions = true, description = "Remove a registry's stored credentials.")
public final class LogoutCommand implements Callable<Integer> {
    @ParentCommand
    RackerCommand parent;

    @Option(names = "--authfile", paramLabel = "FILE")
    Path authFile;

    @Parameters(paramLabel = "REGISTRY", defaultValue = "docker.io")
    String registry;

    @Override
    public Integer call() throws Exception {
        String host = RegistryLogin.normalise(registry);
        boolean removed = RegistryLogin.remove(authFile != null ? authFile : RegistryLogin.defaultAuthFile(), host);
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
