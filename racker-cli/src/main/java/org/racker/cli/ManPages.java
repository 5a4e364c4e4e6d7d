package org.racker.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Man pages in troff made from a command model, one per command ({@code racker-run(1)}) and
 * one for the command itself listing the others, so that they say what {@code --help} says
 * and cannot drift from it.
 */
final class ManPages {
    /** What every page says about exit statuses, with the commands that add their own. */
    private static final String COMMON_EXIT = "0 on success. 125 when racker itself fails (a bad option, a"
            + " missing image, a container that cannot start); the message on standard error says why.";

    private ManPages() { }

    /** Every page of {@code root}, by file name ({@code racker-run.1}). */
    static Map<String, String> of(CommandLine root, BuildInfo build) {
        Map<String, String> pages = new LinkedHashMap<>();
        CommandSpec spec = root.getCommandSpec();
        List<CommandSpec> commands = new ArrayList<>();
        collect(spec, commands);
        pages.put(spec.name() + ".1", page(spec, commands, build));
        for (CommandSpec command : commands) {
            pages.put(pageName(command) + ".1", page(command, List.of(), build));
        }
        return pages;
    }

    private static void collect(CommandSpec spec, List<CommandSpec> into) {
        spec.subcommands().forEach((name, sub) -> {
            CommandSpec child = sub.getCommandSpec();
            if (!child.usageMessage().hidden() && child.name().equals(name)) {
                into.add(child);
                collect(child, into);
            }
        });
    }

    /** racker-image-inspect for {@code racker image inspect}. */
    private static String pageName(CommandSpec spec) {
        return spec.qualifiedName("-");
    }

    private static String page(CommandSpec spec, List<CommandSpec> commands, BuildInfo build) {
        String name = pageName(spec);
        String date = build.built().length() >= 10 ? build.built().substring(0, 10) : build.built();
        StringBuilder s = new StringBuilder();
        s.append(".TH ").append(name.toUpperCase(java.util.Locale.ROOT)).append(" 1 \"").append(date)
                .append("\" \"racker ").append(build.version()).append("\" \"racker manual\"\n");
        s.append(".SH NAME\n").append(escape(name)).append(" \\- ").append(escape(firstLine(spec))).append('\n');
        s.append(".SH SYNOPSIS\n").append(".nf\n")
                .append(escape(new CommandLine.Help(spec, new CommandLine.Help.ColorScheme.Builder(Ansi.OFF).build())
                        .synopsis(0).strip()))
                .append("\n.fi\n");
        s.append(".SH DESCRIPTION\n");
        for (String line : spec.usageMessage().description()) {
            s.append(escape(line)).append("\n.PP\n");
        }
        if (!spec.positionalParameters().isEmpty()) {
            s.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec p : spec.positionalParameters()) {
                if (!p.hidden()) {
                    s.append(".TP\n.I ").append(escape(p.paramLabel())).append('\n')
                            .append(escape(String.join(" ", p.description()))).append('\n');
                }
            }
        }
        s.append(".SH OPTIONS\n");
        for (OptionSpec o : spec.options()) {
            if (o.hidden()) {
                continue;
            }
            s.append(".TP\n.B ").append(escape(String.join(", ", o.names())));
            if (o.arity().max() > 0) {
                s.append(" \\fI").append(escape(o.paramLabel())).append("\\fR");
            }
            s.append('\n').append(escape(String.join(" ", o.description()).replace("${DEFAULT-VALUE}",
                    String.valueOf(o.defaultValue())))).append('\n');
        }
        if (!commands.isEmpty()) {
            s.append(".SH COMMANDS\n");
            for (CommandSpec c : commands) {
                s.append(".TP\n.BR ").append(escape(pageName(c))).append(" (1)\n").append(escape(firstLine(c)))
                        .append('\n');
            }
        }
        s.append(".SH EXIT STATUS\n").append(escape(COMMON_EXIT)).append('\n');
        for (String line : footer(spec)) {
            s.append(".PP\n").append(escape(line)).append('\n');
        }
        s.append(".SH SEE ALSO\n");
        String top = spec.root().name();
        s.append(spec.parent() == null ? "systemd-nspawn(1), docker(1), podman(1)" : escape(top) + "(1)");
        s.append('\n');
        return s.toString();
    }

    /** The exit statuses a command's help footer states (its own and its root's). */
    private static List<String> footer(CommandSpec spec) {
        List<String> lines = new ArrayList<>();
        for (CommandSpec c = spec; c != null; c = c.parent()) {
            for (String line : c.usageMessage().footer()) {
                if (!line.isBlank() && !lines.contains(line)) {
                    lines.add(line.strip());
                }
            }
        }
        return lines;
    }

    private static String firstLine(CommandSpec spec) {
        String[] description = spec.usageMessage().description();
        return description.length > 0 ? description[0] : "";
    }

    /** troff-safe text: backslashes and hyphens escaped, no line read as a request. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (out.length() > 0) {
                out.append('\n');
            }
            String escaped = line.replace("\\", "\\e").replace("-", "\\-");
            if (escaped.startsWith(".") || escaped.startsWith("'")) {
                escaped = "\\&" + escaped;
            }
            out.append(escaped);
        }
        return out.toString();
    }
}
