package org.racker.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.racker.json.JsonFields;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code racker version}: what this racker is, as {@code podman version} shows it (racker has
 * no daemon, so there is only the client): version, commit, build time, Java, OS/arch.
 */
final class VersionCommand implements Callable<Integer> {
    private final RackerCommand parent;
    private String format;

    VersionCommand(RackerCommand parent) {
        this.parent = parent;
    }

    CommandSpec model() {
        return CommandModel.bare(this, "version", "Show racker's version, build and platform.")
                .add(CommandModel.option(String.class, v -> format = v, "-f", "--format").paramLabel("FORMAT")
                        .description("json, or a template such as '{{.Client.Version}}'."))
                .spec();
    }

    @Override
    public Integer call() throws Exception {
        Map<String, String> client = fields();
        PrintWriter out = parent.spec.commandLine().getOut();
        if (format == null) {
            out.println("Version:      " + client.get("Version"));
            out.println("Git Commit:   " + client.get("GitCommit"));
            out.println("Built:        " + client.get("Built"));
            out.println("Java Version: " + client.get("JavaVersion"));
            out.println("OS/Arch:      " + client.get("OsArch"));
        } else if (format.equals("json")) {
            out.println(json(client));
        } else {
            out.println(GoTemplate.parse(format).render(new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(json(client))));
        }
        return ExitCodes.OK;
    }

    static Map<String, String> fields() {
        BuildInfo build = BuildInfo.current();
        Map<String, String> client = new LinkedHashMap<>();
        client.put("Version", build.version());
        client.put("GitCommit", build.commit());
        client.put("Built", build.built());
        client.put("JavaVersion", BuildInfo.javaVersion());
        client.put("OsArch", BuildInfo.osArch());
        client.put("Os", BuildInfo.osArch().substring(0, BuildInfo.osArch().indexOf('/')));
        return client;
    }

    static String json(Map<String, String> client) throws java.io.IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = JsonFields.FACTORY.createGenerator(text)) {
            g.writeStartObject();
            g.writeObjectFieldStart("Client");
            for (Map.Entry<String, String> e : client.entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        return text.toString();
    }
}
