package org.racker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.racker.json.JsonValues;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.racker.InvalidArgumentException;

/**
 * The part of Go's text/template that docker users write in {@code --format}, over a JSON
 * document: fields ({@code {{.State.Running}}}, {@code {{.}}}), {@code json}, {@code index},
 * {@code join}, {@code upper}, {@code lower}, {@code len}, {@code eq}, {@code ne},
 * {@code range ... end} and
 * {@code if ... else ... end}, and {@code \t}/{@code \n} written as two characters, as docker's
 * CLI reads them. Anything else is refused by name when the template is read, not half
 * rendered. A field the document lacks is an error, as a field a Go struct lacks is; a key
 * {@code index} does not find renders as Go renders a missing map key: {@code <no value>}.
 */
final class GoTemplate {
    private static final com.fasterxml.jackson.databind.node.JsonNodeFactory NODES =
            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
    private static final Pattern ACTION = Pattern.compile("\\{\\{-?\\s*(.*?)\\s*-?}}", Pattern.DOTALL);
    private static final Pattern TOKEN = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"|(\\S+)");

    private sealed interface Node permits Text, Output, Range, If { }

    private record Text(String text) implements Node { }

    private record Output(List<String> words) implements Node { }

    private record Range(List<String> words, List<Node> body) implements Node { }

    private record If(List<String> words, List<Node> then, List<Node> otherwise) implements Node { }

    private final List<Node> nodes;

    private GoTemplate(List<Node> nodes) {
        this.nodes = nodes;
    }

    static GoTemplate parse(String template) throws InvalidArgumentException {
        String text = template.replace("\\t", "\t").replace("\\n", "\n");
        List<Object> pieces = new ArrayList<>();
        Matcher m = ACTION.matcher(text);
        int at = 0;
        while (m.find()) {
            if (m.start() > at) {
                pieces.add(new Text(text.substring(at, m.start())));
            }
            pieces.add(words(m.group(1), template));
            at = m.end();
        }
        if (at < text.length()) {
            if (text.indexOf("{{", at) >= 0) {
                throw invalid(template, "unclosed action");
            }
            pieces.add(new Text(text.substring(at)));
        }
        int[] next = {0};
        List<Node> nodes = block(pieces, next, template);
        if (next[0] < pieces.size()) {
            throw invalid(template, "{{" + String.join(" ", words(pieces.get(next[0]))) + "}} without its start");
        }
        return new GoTemplate(nodes);
    }

    /** The template rendered for {@code data}. */
    String render(JsonNode data) throws InvalidArgumentException {
        StringBuilder out = new StringBuilder();
        render(nodes, data, out);
        return out.toString();
    }

    private static List<Node> block(List<Object> pieces, int[] next, String template) throws InvalidArgumentException {
        List<Node> nodes = new ArrayList<>();
        while (next[0] < pieces.size()) {
            Object piece = pieces.get(next[0]);
            if (piece instanceof Text t) {
                nodes.add(t);
                next[0]++;
                continue;
            }
            @SuppressWarnings("unchecked")
            List<String> words = (List<String>) piece;
            String head = words.isEmpty() ? "" : words.get(0);
            if (head.equals("end") || head.equals("else")) {
                return nodes;
            }
            next[0]++;
            if (head.equals("range") || head.equals("if")) {
                List<String> args = words.subList(1, words.size());
                expression(args, template);
                List<Node> body = block(pieces, next, template);
                List<Node> otherwise = List.of();
                if (closing(pieces, next).equals("else")) {
                    next[0]++;
                    otherwise = block(pieces, next, template);
                }
                if (!closing(pieces, next).equals("end")) {
                    throw invalid(template, "{{" + head + "}} without {{end}}");
                }
                next[0]++;
                nodes.add(head.equals("range") ? new Range(args, body) : new If(args, body, otherwise));
            } else {
                expression(words, template);
                nodes.add(new Output(words));
            }
        }
        return nodes;
    }

    @SuppressWarnings("unchecked")
    private static List<String> words(Object piece) {
        return (List<String>) piece;
    }

    private static String closing(List<Object> pieces, int[] next) {
        if (next[0] < pieces.size() && pieces.get(next[0]) instanceof List<?> words && !words.isEmpty()) {
            return (String) words.get(0);
        }
        return "";
    }

    private static List<String> words(String action, String template) throws InvalidArgumentException {
        List<String> words = new ArrayList<>();
        Matcher m = TOKEN.matcher(action);
        while (m.find()) {
            words.add(m.group(1) != null ? "\"" + m.group(1).replace("\\\"", "\"") : m.group(2));
        }
        if (words.isEmpty()) {
            throw invalid(template, "an empty {{}}");
        }
        return words;
    }

    /** Checks at parse time that an expression uses only what {@link #evaluate} knows. */
    private static void expression(List<String> words, String template) throws InvalidArgumentException {
        if (words.isEmpty()) {
            throw invalid(template, "an action without an argument");
        }
        String head = words.get(0);
        int arity = switch (head) {
            case "json", "upper", "lower", "len" -> 1;
            case "index", "join", "ne" -> 2;
            // Go's eq is true when its first argument equals any of the others
            case "eq" -> Math.max(2, words.size() - 1);
            default -> {
                if (!isValue(head)) {
                    throw invalid(template, "function \"" + head + "\" not defined (racker knows json, index, join,"
                            + " upper, lower, len, eq, ne, range, if)");
                }
                yield 0;
            }
        };
        if (words.size() != arity + 1) {
            throw invalid(template, arity == 0 ? "\"" + String.join(" ", words) + "\" is not one value"
                    : head + " takes " + arity + " argument" + (arity == 1 ? "" : "s"));
        }
        for (String w : words.subList(1, words.size())) {
            if (!isValue(w)) {
                throw invalid(template, "\"" + w + "\" is not a field or a string");
            }
        }
    }

    private static boolean isValue(String word) {
        return word.equals(".") || word.matches("(\\.[A-Za-z_][A-Za-z0-9_]*)+") || word.startsWith("\"")
                || word.matches("-?[0-9]+");
    }

    private static void render(List<Node> nodes, JsonNode dot, StringBuilder out) throws InvalidArgumentException {
        for (Node node : nodes) {
            if (node instanceof Text t) {
                out.append(t.text());
            } else if (node instanceof Output o) {
                out.append(text(evaluate(o.words(), dot)));
            } else if (node instanceof Range r) {
                JsonNode list = evaluate(r.words(), dot);
                if (list != null && (list.isArray() || list.isObject())) {
                    for (JsonNode item : list) {
                        render(r.body(), item, out);
                    }
                }
            } else if (node instanceof If i) {
                render(truthy(evaluate(i.words(), dot)) ? i.then() : i.otherwise(), dot, out);
            }
        }
    }

    private static JsonNode evaluate(List<String> words, JsonNode dot) throws InvalidArgumentException {
        String head = words.get(0);
        return switch (head) {
            case "json" -> NODES.textNode(json(value(words.get(1), dot)));
            case "upper" -> NODES.textNode(text(value(words.get(1), dot)).toUpperCase());
            case "lower" -> NODES.textNode(text(value(words.get(1), dot)).toLowerCase());
            case "len" -> {
                JsonNode v = value(words.get(1), dot);
                yield NODES.numberNode(v == null ? 0 : v.isTextual() ? v.asText().length() : v.size());
            }
            case "index" -> {
                JsonNode v = value(words.get(1), dot);
                JsonNode key = value(words.get(2), dot);
                if (v == null || key == null) {
                    yield null;
                }
                yield v.isArray() ? v.get(key.asInt()) : v.get(key.asText());
            }
            case "join" -> {
                JsonNode v = value(words.get(1), dot);
                List<String> items = new ArrayList<>();
                if (v != null) {
                    v.forEach(item -> items.add(text(item)));
                }
                yield NODES.textNode(String.join(text(value(words.get(2), dot)), items));
            }
            case "eq" -> {
                JsonNode first = value(words.get(1), dot);
                boolean any = false;
                for (String w : words.subList(2, words.size())) {
                    any |= same(first, value(w, dot));
                }
                yield NODES.booleanNode(any);
            }
            case "ne" -> NODES.booleanNode(!same(value(words.get(1), dot), value(words.get(2), dot)));
            default -> value(head, dot);
        };
    }

    /** Go's comparison of two basic values: numbers by value, the rest as they are. */
    private static boolean same(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static JsonNode value(String word, JsonNode dot) throws InvalidArgumentException {
        if (word.startsWith("\"")) {
            return NODES.textNode(word.substring(1));
        }
        if (word.matches("-?[0-9]+")) {
            return NODES.numberNode(Long.parseLong(word));
        }
        if (word.equals(".")) {
            return dot;
        }
        JsonNode v = dot;
        for (String field : word.substring(1).split("\\.")) {
            if (v == null || !v.isObject() || !v.has(field)) {
                throw new InvalidArgumentException("invalid --format: can't evaluate field " + field + " in "
                        + word + (v != null && v.isObject() ? " (fields: " + fields(v) + ")" : ""));
            }
            v = v.get(field);
        }
        return v;
    }

    private static String fields(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        names.sort(null);
        return String.join(", ", names);
    }

    /** A value as Go's template prints it: strings bare, lists as [a b], maps as map[k:v]. */
    private static String text(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "<no value>";
        }
        if (v.isNull()) {
            return "<nil>";
        }
        if (v.isValueNode()) {
            return v.asText();
        }
        List<String> items = new ArrayList<>();
        if (v.isArray()) {
            v.forEach(item -> items.add(text(item)));
            return "[" + String.join(" ", items) + "]";
        }
        List<String> keys = new ArrayList<>();
        v.fieldNames().forEachRemaining(keys::add);
        keys.sort(null);
        for (String k : keys) {
            items.add(k + ":" + text(v.get(k)));
        }
        return "map[" + String.join(" ", items) + "]";
    }

    private static String json(JsonNode v) {
        return v == null ? "null" : JsonValues.toJson(v, false);
    }

    private static boolean truthy(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return false;
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isNumber()) {
            return v.asDouble() != 0;
        }
        if (v.isTextual()) {
            return !v.asText().isEmpty();
        }
        return v.size() > 0;
    }

    private static InvalidArgumentException invalid(String template, String problem) {
        return new InvalidArgumentException("invalid --format \"" + template + "\": " + problem);
    }
}
