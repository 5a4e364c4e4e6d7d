package org.racker.cli;

import java.nio.file.Path;
import org.racker.InvalidArgumentException;
import org.racker.api.Command;
import org.racker.api.Container;
import org.racker.api.Racker;
import org.racker.runtime.exec.EnvironmentVariable;
import org.racker.EventLog;
import org.racker.vm.VmExec;

/** What {@code racker exec} does once its line is parsed: the command's exit status is racker's. */
final class ContainerExec {
    private ContainerExec() { }

    static int run(ExecArguments args, Path root, EventLog log) throws Exception {
        String workdir = args.workingDirectory();
        if (workdir != null && !workdir.startsWith("/")) {
            throw new InvalidArgumentException("the working directory must be absolute: " + workdir);
        }
        org.racker.state.ContainerRecord record = ContainerArgs.store(root, log).find(args.container());
        if (VmExec.isVm(record)) {
            return vmExec(record, args);
        }
        Command command = Command.of(args.command()).withWorkingDirectory(workdir).withUser(args.user())
                .withTty(args.tty()).withInteractive(args.interactive());
        for (String e : args.environment()) {
            // -e NAME alone passes the host's value, or nothing when the host has none
            java.util.Optional<EnvironmentVariable> var = EnvironmentVariable.parse(e, System.getenv());
            if (var.isPresent()) {
                command = command.withEnv(var.get().name(), var.get().value());
            }
        }
        Container container = Racker.builder().root(root).eventLog(log).build().attach(args.container());
        if (args.detach()) {
            if (args.interactive() || args.tty()) {
                throw new InvalidArgumentException("exec -d runs the command without a terminal or input: leave out -i and -t");
            }
            container.execDetached(command);
            return ExitCodes.OK;
        }
        return container.execInheritingIo(command);
    }

    /** A VM's command goes through its guest agent: output byte for byte once it has ended. */
    private static int vmExec(org.racker.state.ContainerRecord record, ExecArguments args) throws Exception {
        if (args.tty() || args.workingDirectory() != null || args.user() != null) {
            throw new InvalidArgumentException("exec in a VM does not take -t, -w or -u: the guest agent runs"
                    + " commands as root in /, without a terminal");
        }
        java.util.List<EnvironmentVariable> env = new java.util.ArrayList<>();
        for (String e : args.environment()) {
            EnvironmentVariable.parse(e, System.getenv()).ifPresent(env::add);
        }
        byte[] stdin = args.interactive() ? System.in.readAllBytes() : new byte[0];
        return VmExec.exec(record, args.command(), env, stdin, new java.io.FileOutputStream(java.io.FileDescriptor.out),
                new java.io.FileOutputStream(java.io.FileDescriptor.err));
    }
}
