package org.racker.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.racker.RackerException;
import org.racker.runtime.AbandonedContainerReaper;
import org.racker.runtime.NoSuchContainerException;
import org.racker.state.ContainerRecord;
import org.racker.state.ContainerStatus;
import org.racker.state.ContainerStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code racker rm}: forget exited containers. */
@Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove exited containers.")
public final class RmCommand implements Callable<Integer> {
    @ParentCommand
    RackerCommand parent;

    @picocli.CommandLine.Option(names = {"-f", "--force"}, description = "Kill running containers first.")
    boolean force;

    @Parameters(paramLabel = "CONTAINER", arity = "1..*", description = "Names or id prefixes.")
    List<String> containers;

    @Override
    public Integer call() {
        GlobalOptions global = parent.global;
        PrintWriter out = parent.spec.commandLine().getOut();
        PrintWriter err = parent.spec.commandLine().getErr();
        ContainerStore store = new ContainerStore(global.root);
        new AbandonedContainerReaper(store, new StderrEventLog(err, global.verbose, global.debug, parent.startNanos)).reap();
        int status = 0;
        for (String c : containers) {
            try {
                ContainerRecord r = store.find(c);
                if (r.status() != ContainerStatus.EXITED) {
                    if (!force) {
                        throw new RackerException("container " + r.name() + " is running: stop it first, or use rm -f");
                    }
                    r = new org.racker.runtime.ContainerOperations(store, ContainerArgs.log(parent)).kill(r);
                }
                store.remove(r);
                out.println(c);
            } catch (NoSuchContainerException e) {
                err.println("racker: " + e.getMessage());
                status = ExitCodes.NO_SUCH_CONTAINER;
            } catch (RackerException e) {
                err.println("racker: " + e.getMessage());
                status = ExitCodes.NO_SUCH_CONTAINER;
            }
        }
        out.flush();
        err.flush();
        return status;
    }
}
