package org.racker.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.racker.InvalidArgumentException;
import org.racker.runtime.AbandonedContainerReaper;
import org.racker.runtime.ContainerOperations;
import org.racker.runtime.EnvironmentVariable;
import org.racker.runtime.EventLog;
import org.racker.runtime.ExecRequest;
import org.racker.runtime.Stdio;
import org.racker.state.ContainerRecord;
import org.racker.state.ContainerStore;

/** What {@code racker exec} does once its line is parsed: the command's exit status is racker's. */
final class ContainerExec {
    private ContainerExec() { }

    static int run(ExecArguments args, Path root, EventLog log) throws Exception {
        ContainerStore store = new ContainerStore(root);
        // one read of the state files serves the reaper and the lookup, unless the reaper changed some
        List<ContainerRecord> records = store.list();
        if (new AbandonedContainerReaper(store, log).reap(records)) {
            records = store.list();
        }
        ContainerRecord record = store.find(args.container(), records);
        List<EnvironmentVariable> vars = new ArrayList<>();
        for (String e : args.environment()) {
            java.util.Optional<EnvironmentVariable> var = EnvironmentVariable.parse(e, System.getenv());
            if (var.isPresent()) {
                vars.add(var.get());
            }
        }
        String workdir = args.workingDirectory();
        if (workdir != null && !workdir.startsWith("/")) {
            throw new InvalidArgumentException("the working directory must be absolute: " + workdir);
        }
        ExecRequest request = new ExecRequest(args.command(), vars, workdir, args.user(), args.interactive(), args.tty());
        Process p = new ContainerOperations(store, log).exec(record, request, Stdio.inherit(args.interactive()));
        int status = p.waitFor();
        log.debug("command exited with " + status);
        return status;
    }
}
