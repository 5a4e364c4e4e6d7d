package org.racker.cli;

import static org.racker.cli.CommandModel.option;
import static org.racker.cli.CommandModel.positionals;

import org.racker.json.JsonValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.racker.api.ContainerInfo;
import org.racker.api.ContainerState;
import org.racker.api.Containers;
import org.racker.api.PublishedPort;
import picocli.CommandLine.Model.CommandSpec;

/** {@code racker inspect}: containers as docker-shaped JSON. */
public final class InspectCommand implements Callable<Integer> {
    private final RackerCommand parent;
    String format;
    List<String> containers;

    InspectCommand(RackerCommand parent) {
        this.parent = parent;
    }

    CommandSpec model() {
        return CommandModel.of(this, "inspect", "Show containers as JSON.")
                .add(option(String.class, v -> format = v, "-f", "--format").paramLabel("FORMAT")
                        .description("json (the default), or a Go template over each container's document, e.g."
                                + " '{{.State.Running}}' or '{{json .Config.Env}}'."))
                .add(positionals(v -> containers = v).paramLabel("CONTAINER").arity("1..*"))
                .spec();
    }

    @Override
    public Integer call() throws Exception {
        GoTemplate template = format == null || format.equals("json") ? null : GoTemplate.parse(format);
        Containers api = ContainerArgs.containers(parent);
        List<Map<String, Object>> result = new ArrayList<>();
        int status = 0;
        for (String c : containers) {
            Optional<ContainerInfo> found = api.lookup(c);
            if (found.isPresent()) {
                Map<String, Object> document = json(found.get());
                api.derivedFrom(found.get()).ifPresent(b -> document.put("DerivedFrom", b.inspectDocument()));
                result.add(document);
            } else {
                // docker's words: inspect looks for any object, so what is missing is an object
                parent.spec.commandLine().getErr().println("racker: No such object: " + c);
                status = ExitCodes.NO_SUCH_CONTAINER;
            }
        }
        if (template == null) {
            // docker prints [] when nothing was found, not a pretty-printed "[ ]"
            parent.spec.commandLine().getOut().println(result.isEmpty() ? "[]" : JsonValues.toJson(result, true));
        } else {
            for (Map<String, Object> document : result) {
                parent.spec.commandLine().getOut().println(template.render(JsonValues.toTree(document)));
            }
        }
        parent.spec.commandLine().getOut().flush();
        parent.spec.commandLine().getErr().flush();
        return status;
    }

    static Map<String, Object> json(ContainerInfo r) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("Status", r.state().label());
        state.put("Running", r.state() == ContainerState.RUNNING);
        state.put("Pid", r.pid());
        state.put("ExitCode", r.exitCode().orElse(0));
        // docker's zero time for a container that never came up
        state.put("StartedAt", r.started().map(Object::toString).orElse("0001-01-01T00:00:00Z"));
        state.put("FinishedAt", r.finished().map(Object::toString).orElse("0001-01-01T00:00:00Z"));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("Image", r.image());
        config.put("Cmd", r.command());
        config.put("Env", r.environment());
        config.put("WorkingDir", r.workingDirectory().orElse(""));
        config.put("Hostname", r.hostname());
        config.put("Tty", r.tty());
        Map<String, String> labels = new java.util.TreeMap<>();
        for (String label : r.labels()) {
            String[] kv = label.split("=", 2);
            labels.put(kv[0], kv.length == 2 ? kv[1] : "");
        }
        config.put("Labels", labels);
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
        // as docker shapes them: {"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080"}]}; the
        // bindings racker settled at start, so a port left to racker shows the one it chose
        Map<String, Object> ports = new LinkedHashMap<>();
        for (PublishedPort p : r.ports()) {
            @SuppressWarnings("unchecked")
            List<Map<String, String>> bindings = (List<Map<String, String>>) ports.computeIfAbsent(p.containerKey(),
                    k -> new ArrayList<Map<String, String>>());
            Map<String, String> binding = new LinkedHashMap<>();
            binding.put("HostIp", p.hostIp());
            binding.put("HostPort", Integer.toString(p.hostPort()));
            bindings.add(binding);
        }
        Map<String, Object> hostConfig = new LinkedHashMap<>();
        hostConfig.put("NetworkMode", r.network());
        hostConfig.put("PortBindings", ports);
        hostConfig.put("ExtraHosts", r.extraHosts());
        Map<String, Object> networkSettings = new LinkedHashMap<>();
        // as docker: a stopped container's ports are not bound
        networkSettings.put("Ports", r.state() == ContainerState.RUNNING ? ports : Map.of());
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
        m.put("NetworkSettings", networkSettings);
        m.put("Mounts", mounts);
        m.put("Mode", r.mode());
        // what the host knows it by (nspawn, its cgroup racker/MACHINE, machinectl)
        m.put("MachineName", r.machineName());
        m.put("Rootfs", r.rootfs().toString());
        return m;
    }
}
