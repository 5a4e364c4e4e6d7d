package org.racker.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.racker.InvalidArgumentException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Shell completion scripts made from a command model: every visible command and option, and
 * for arguments named CONTAINER or IMAGE the names under the --root in use (asked of
 * {@code racker completion --names}). zsh runs the bash script through its bashcompinit, as
 * picocli's own generator does; fish gets its own {@code complete} lines.
 */
final class CompletionScripts {
    private CompletionScripts() { }

    static String of(String shell, CommandLine root) throws InvalidArgumentException {
        return switch (shell) {
            case "bash" -> bash(root.getCommandSpec());
            case "zsh" -> zsh(root.getCommandSpec());
            case "fish" -> fish(root.getCommandSpec());
            default -> throw new InvalidArgumentException("racker has no completion for the shell \"" + shell
                    + "\": use bash, zsh or fish");
        };
    }

    /** One command of the model, by its path of names below the root ("" for the root). */
    private record Node(String path, CommandSpec spec) {
        String word() {
            return path.isEmpty() ? "" : path.substring(path.lastIndexOf(' ') + 1);
        }
    }

    private static List<Node> nodes(CommandSpec root) {
        List<Node> all = new ArrayList<>();
        collect(root, "", all);
        return all;
    }

    private static void collect(CommandSpec spec, String path, List<Node> into) {
        into.add(new Node(path, spec));
        for (Map.Entry<String, CommandLine> sub : spec.subcommands().entrySet()) {
            CommandSpec child = sub.getValue().getCommandSpec();
            if (!child.usageMessage().hidden() && child.name().equals(sub.getKey())) {
                collect(child, path.isEmpty() ? sub.getKey() : path + " " + sub.getKey(), into);
            }
        }
    }

    private static List<OptionSpec> visibleOptions(CommandSpec spec) {
        return spec.options().stream().filter(o -> !o.hidden()).toList();
    }

    private static boolean takesValue(OptionSpec o) {
        return o.arity().max() > 0;
    }

    /** What a command's positional arguments are: containers, images, or files. */
    private static String argumentKind(CommandSpec spec) {
        for (PositionalParamSpec p : spec.positionalParameters()) {
            String label = p.paramLabel().replaceAll("[^A-Z]", "");
            if (label.startsWith("CONTAINER")) {
                return "containers";
            }
            if (label.startsWith("IMAGE")) {
                return "images";
            }
        }
        return spec.positionalParameters().isEmpty() ? "none" : "files";
    }

    private static List<String> subcommandNames(CommandSpec spec) {
        List<String> names = new ArrayList<>();
        spec.subcommands().forEach((name, sub) -> {
            if (!sub.getCommandSpec().usageMessage().hidden() && sub.getCommandSpec().name().equals(name)) {
                names.add(name);
            }
        });
        return names;
    }

    private static String function(CommandSpec root) {
        return "_" + root.name().replace('-', '_');
    }

    static String bash(CommandSpec root) {
        String name = root.name();
        StringBuilder s = new StringBuilder();
        s.append("# bash completion for ").append(name).append(", made from its command model\n");
        s.append(function(root)).append("() {\n");
        s.append("    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n");
        s.append("    local path= root= i w words= opts= valued= kind=none\n");
        s.append("    ").append(function(root)).append("_describe \"\"\n");
        s.append("    # the words that are no options (nor option values) name the command\n");
        s.append("    for ((i = 1; i < COMP_CWORD; i++)); do\n");
        s.append("        w=${COMP_WORDS[i]}\n");
        s.append("        case \"$w\" in\n");
        s.append("            --root) root=${COMP_WORDS[i+1]}; ((i++)) ;;\n");
        s.append("            -*) ;;\n");
        s.append("            *) case \" $words \" in *\" $w \"*) path=${path:+$path }$w ;; *) break ;; esac ;;\n");
        s.append("        esac\n");
        s.append("        ").append(function(root)).append("_describe \"$path\"\n");
        s.append("    done\n");
        s.append("    ").append(function(root)).append("_describe \"$path\"\n");
        s.append("    case \" $valued \" in\n");
        s.append("        *\" $prev \"*) COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n");
        s.append("    esac\n");
        s.append("    if [[ $cur == -* ]]; then\n");
        s.append("        COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n");
        s.append("    elif [ -n \"$words\" ]; then\n");
        s.append("        COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n");
        s.append("    elif [ \"$kind\" = containers ] || [ \"$kind\" = images ]; then\n");
        s.append("        COMPREPLY=($(compgen -W \"$(racker ${root:+--root \"$root\"} completion --names $kind"
                + " 2>/dev/null)\" -- \"$cur\"))\n");
        s.append("    elif [ \"$kind\" = files ]; then\n");
        s.append("        COMPREPLY=($(compgen -f -- \"$cur\"))\n");
        s.append("    fi\n");
        s.append("}\n\n");
        s.append(function(root)).append("_describe() {\n");
        s.append("    case \"$1\" in\n");
        for (Node node : nodes(root)) {
            List<String> options = new ArrayList<>();
            List<String> valued = new ArrayList<>();
            for (OptionSpec o : visibleOptions(node.spec())) {
                options.addAll(List.of(o.names()));
                if (takesValue(o)) {
                    valued.addAll(List.of(o.names()));
                }
            }
            s.append("        \"").append(node.path()).append("\") words=\"")
                    .append(String.join(" ", subcommandNames(node.spec()))).append("\" opts=\"")
                    .append(String.join(" ", options)).append("\" valued=\"").append(String.join(" ", valued))
                    .append("\" kind=").append(argumentKind(node.spec())).append(" ;;\n");
        }
        s.append("    esac\n");
        s.append("}\n\n");
        s.append("complete -o filenames -F ").append(function(root)).append(' ').append(name).append('\n');
        return s.toString();
    }

    static String zsh(CommandSpec root) {
        return "#compdef " + root.name() + "\n"
                + "# zsh completion for " + root.name() + ": the bash completion, through zsh's bashcompinit\n"
                + "autoload -U +X bashcompinit && bashcompinit\n"
                + bash(root);
    }

    static String fish(CommandSpec root) {
        String name = root.name();
        StringBuilder s = new StringBuilder();
        s.append("# fish completion for ").append(name).append(", made from its command model\n");
        s.append("complete -c ").append(name).append(" -f\n");
        for (Node node : nodes(root)) {
            String condition = node.path().isEmpty() ? "__fish_use_subcommand"
                    : "__fish_seen_subcommand_from " + node.word();
            for (String sub : subcommandNames(node.spec())) {
                String description = firstLine(node.spec().subcommands().get(sub).getCommandSpec());
                s.append("complete -c ").append(name).append(" -n '").append(condition).append("' -a ")
                        .append(sub).append(" -d ").append(quote(description)).append('\n');
            }
            for (OptionSpec o : visibleOptions(node.spec())) {
                if (!node.path().isEmpty() && o.scopeType() == CommandLine.ScopeType.INHERIT) {
                    continue; // inherited options are offered at the root already, and fish keeps them
                }
                s.append("complete -c ").append(name).append(" -n '").append(condition).append('\'');
                for (String n : o.names()) {
                    s.append(n.startsWith("--") ? " -l " + n.substring(2) : " -s " + n.substring(1));
                }
                if (takesValue(o)) {
                    s.append(" -r -F");
                }
                s.append(" -d ").append(quote(o.description().length > 0 ? o.description()[0] : "")).append('\n');
            }
            String kind = argumentKind(node.spec());
            if (!node.path().isEmpty() && (kind.equals("containers") || kind.equals("images"))) {
                s.append("complete -c ").append(name).append(" -n '").append(condition).append("' -a '(racker")
                        .append(" completion --names ").append(kind).append(" 2>/dev/null)'\n");
            } else if (!node.path().isEmpty() && kind.equals("files")) {
                s.append("complete -c ").append(name).append(" -n '").append(condition).append("' -F\n");
            }
        }
        return s.toString();
    }

    private static String firstLine(CommandSpec spec) {
        String[] description = spec.usageMessage().description();
        return description.length > 0 ? description[0] : "";
    }

    private static String quote(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
