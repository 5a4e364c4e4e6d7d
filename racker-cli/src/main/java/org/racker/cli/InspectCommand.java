package org.racker.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.racker.state.ContainerRecord;
import org.racker.state.ContainerStatus;
import org.racker.state.ContainerStore;
import org.racker.state.NoSuchContainerException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code racker inspect}: containers as docker-shaped JSON. */
@Command(name = "inspect", mixinStandardHelpOptions = true, description = "Show containers as JSON.")
public final class InspectCommand implements Callable<Integer> {
    @ParentCommand
    RackerCommand parent;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT",
            description = "json (the default), or a Go template over each container's document, e.g."
                    + " '{{.State.Running}}' or '{{json .Config.Env}}'.")
    String format;

    @Parameters(paramLabel = "CONTAINER", arity = "1..*")
    List<String> containers;

    @Override
    public Integer call() throws Exception {
        GoTemplate template = format == null || format.equals("json") ? null : GoTemplate.parse(format);
        ContainerStore store = ContainerArgs.store(parent);
        List<Map<String, Object>> result = new ArrayList<>();
        int status = 0;
        for (String c : containers) {
            try {
                result.add(json(store.find(c)));
            } catch (NoSuchContainerException e) {
                // docker's words: inspect looks for any object, so what is missing is an object
                parent.spec.commandLine().getErr().println("racker: No such object: " + c);
                status = ExitCodes.NO_SUCH_CONTAINER;
            }
        }
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        if (template == null) {
            // docker prints [] when nothing was found, not a pretty-printed "[ ]"
            parent.spec.commandLine().getOut().println(result.isEmpty() ? "[]" : mapper.writeValueAsString(result));
        } else {
            for (Map<String, Object> document : result) {
                parent.spec.commandLine().getOut().println(template.render(mapper.valueToTree(document)));
            }
        }
        parent.spec.commandLine().getOut().flush();
        parent.spec.commandLine().getErr().flush();
        return status;
    }

    static Map<String, Object> json(ContainerRecord r) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("Status", r.status().label());
        state.put("Running", r.status() == ContainerStatus.RUNNING);
        state.put("Pid", r.leader() == null ? 0 : r.leader().pid());
        state.put("ExitCode", r.exitCode() == null ? 0 : r.exitCode());
        state.put("StartedAt", r.created().toString());
        state.put("FinishedAt", r.finished() == null ? "0001-01-01T00:00:00Z" : r.finished().toString());
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("Image", r.image());
        config.put("Cmd", r.command());
        config.put("Env", r.environment());
        config.put("WorkingDir", r.workingDirectory() == null ? "" : r.workingDirectory());
        config.put("Hostname", r.hostname());
        config.put("Tty", r.tty());
        List<Map<String, Object>> mounts = new ArrayList<>();
        for (String v : r.volumes()) {
            String[] parts = v.split(":");
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Type", "bind");
            m.put("Source", parts[0]);
            m.put("Destination", parts.length > 1 ? parts[1] : "");
            m.put("RW", !(parts.length > 2 && parts[2].equals("ro")));
            mounts.add(m);
        }
        Map<String, Object> hostConfig = new LinkedHashMap<>();
        hostConfig.put("NetworkMode", r.network());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", r.id());
        m.put("Name", "/" + r.name());
        m.put("Created", r.created().toString());
        // docker's Path and Args: the command the container runs, split as exec(2) gets it
        m.put("Path", r.command().isEmpty() ? "" : r.command().get(0));
        m.put("Args", r.command().isEmpty() ? List.of() : r.command().subList(1, r.command().size()));
        m.put("State", state);
        m.put("Config", config);
        m.put("HostConfig", hostConfig);
        m.put("Mounts", mounts);
        m.put("Mode", r.mode());
        // what the host knows it by (nspawn, its cgroup racker/MACHINE, machinectl)
        m.put("MachineName", r.machineName());
        m.put("Rootfs", r.rootfs());
        return m;
    }
}
