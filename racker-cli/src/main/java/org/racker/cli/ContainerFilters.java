package org.racker.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.racker.InvalidArgumentException;
import org.racker.image.ImageReference;
import org.racker.image.InvalidImageReferenceException;
import org.racker.state.ContainerRecord;
import org.racker.state.ContainerStatus;

/**
 * {@code ps --filter KEY=VALUE}, with the semantics of docker's daemon (moby daemon/list.go):
 * values of one key are alternatives, different keys must all match. {@code name} is an
 * exact name or a regular expression found in the name (with or without docker's leading
 * '/'); {@code id} a prefix that names one container; {@code status} one of docker's states,
 * and any status filter lists exited containers too; {@code exited} an exit code;
 * {@code ancestor} the image as given to run, equal also as normalised references
 * ({@code debian} is {@code docker.io/library/debian:latest}).
 */
final class ContainerFilters {
    private static final Set<String> KEYS = Set.of("ancestor", "exited", "id", "label", "name", "status");
    /** Docker's other keys: known, but nothing racker records answers them. */
    private static final Set<String> DOCKER_ONLY = Set.of("before", "expose", "health", "isolation", "is-task",
            "network", "publish", "since", "volume");
    /** Docker's states; racker's containers are only ever created, running or exited. */
    private static final Set<String> STATES = Set.of("created", "restarting", "running", "removing", "paused",
            "exited", "dead");

    private final Map<String, List<String>> values;

    private ContainerFilters(Map<String, List<String>> values) {
        this.values = values;
    }

    static ContainerFilters parse(List<String> specs) throws InvalidArgumentException {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            if (eq <= 0) {
                throw new InvalidArgumentException("bad format of filter \"" + spec + "\" (expected name=value)");
            }
            String key = spec.substring(0, eq).toLowerCase(java.util.Locale.ROOT);
            String value = spec.substring(eq + 1);
            if (DOCKER_ONLY.contains(key)) {
                throw new InvalidArgumentException("invalid filter \"" + spec + "\": racker does not support " + key
                        + " (it filters by " + String.join(", ", new java.util.TreeSet<>(KEYS)) + ")");
            }
            if (!KEYS.contains(key)) {
                throw new InvalidArgumentException("invalid filter \"" + spec + "\": unknown key " + key + " (use "
                        + String.join(", ", new java.util.TreeSet<>(KEYS)) + ")");
            }
            if (key.equals("status") && !STATES.contains(value)) {
                throw new InvalidArgumentException("invalid filter \"" + spec + "\": status is one of created, running,"
                        + " exited (or docker's restarting, removing, paused, dead)");
            }
            if (key.equals("exited") && !value.matches("-?[0-9]{1,9}")) {
                throw new InvalidArgumentException("invalid filter \"" + spec + "\": exited takes an exit code");
            }
            values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return new ContainerFilters(values);
    }

    /** As docker: filtering by status lists exited containers without -a. */
    boolean listsAll() {
        return values.containsKey("status");
    }

    /** The records that pass, in their order; {@code all} is every container, for id prefixes. */
    List<ContainerRecord> select(List<ContainerRecord> candidates, List<ContainerRecord> all) {
        List<ContainerRecord> selected = new ArrayList<>();
        for (ContainerRecord r : candidates) {
            if (matches(r, all)) {
                selected.add(r);
            }
        }
        return selected;
    }

    private boolean matches(ContainerRecord r, List<ContainerRecord> all) {
        return anyOf("name", v -> nameMatches(v, r.name()))
                && anyOf("id", v -> uniquelyPrefixes(v, r, all))
                && anyOf("status", v -> v.equals(r.status().label()))
                && anyOf("exited", v -> r.status() == ContainerStatus.EXITED && r.exitCode() != null
                        && r.exitCode() == Integer.parseInt(v))
                && anyOf("ancestor", v -> sameImage(v, r.image()))
                && allOf("label", v -> hasLabel(v, r.labels()));
    }

    /** Docker's label filters all must match: each a KEY the container has, or its KEY=VALUE. */
    private boolean allOf(String key, java.util.function.Predicate<String> test) {
        List<String> wanted = values.get(key);
        return wanted == null || wanted.stream().allMatch(test);
    }

    private static boolean hasLabel(String wanted, List<String> labels) {
        return wanted.contains("=") ? labels.contains(wanted)
                : labels.stream().anyMatch(l -> l.equals(wanted) || l.startsWith(wanted + "="));
    }

    private boolean anyOf(String key, java.util.function.Predicate<String> test) {
        List<String> wanted = values.get(key);
        return wanted == null || wanted.stream().anyMatch(test);
    }

    private static boolean nameMatches(String wanted, String name) {
        if (wanted.equals(name) || wanted.equals("/" + name)) {
            return true;
        }
        try {
            Pattern p = Pattern.compile(wanted);
            return p.matcher(name).find() || p.matcher("/" + name).find();
        } catch (PatternSyntaxException e) {
            return false; // docker skips a value that is no regular expression
        }
    }

    /** Docker looks ids up in its prefix index: an ambiguous prefix names no container. */
    private static boolean uniquelyPrefixes(String prefix, ContainerRecord r, List<ContainerRecord> all) {
        if (prefix.isEmpty() || !r.id().startsWith(prefix)) {
            return false;
        }
        return all.stream().filter(o -> o.id().startsWith(prefix)).count() == 1;
    }

    private static boolean sameImage(String wanted, String image) {
        if (wanted.equals(image)) {
            return true;
        }
        try {
            return ImageReference.parse(wanted).equals(ImageReference.parse(image));
        } catch (InvalidImageReferenceException e) {
            return false; // a root directory, or a curated image's name
        }
    }
}
