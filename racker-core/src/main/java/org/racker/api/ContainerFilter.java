package org.racker.api;

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

/**
 * Which containers to list: docker's {@code ps --filter KEY=VALUE}, with the semantics of docker's daemon (moby daemon/list.go):
 * values of one key are alternatives, different keys must all match. {@code name} is an
 * exact name or a regular expression found in the name (with or without docker's leading
 * '/'); {@code id} a prefix that names one container; {@code status} one of docker's states,
 * and any status filter lists exited containers too; {@code exited} an exit code;
 * {@code ancestor} the image as given to run, equal also as normalised references
 * ({@code debian} is {@code docker.io/library/debian:latest}); {@code label} a key the
 * container has, or its {@code KEY=VALUE}, and every label given must match.
 * Immutable; {@link Containers#list(ContainerFilter, boolean)} applies it.
 */
public final class ContainerFilter {
    /** Lets every container pass. */
    public static final ContainerFilter NONE = new ContainerFilter(Map.of());

    private static final Set<String> KEYS = Set.of("ancestor", "exited", "id", "label", "name", "status");
    /** Docker's other keys: known, but nothing racker records answers them. */
    private static final Set<String> DOCKER_ONLY = Set.of("before", "expose", "health", "isolation", "is-task",
            "network", "publish", "since", "volume");
    /** Docker's states; racker's containers are only ever created, running or exited. */
    private static final Set<String> STATES = Set.of("created", "restarting", "running", "removing", "paused",
            "exited", "dead");

    private final Map<String, List<String>> values;

    private ContainerFilter(Map<String, List<String>> values) {
        this.values = values;
    }

    /** Docker's {@code KEY=VALUE} filters; a key it does not know, or a value it cannot take, is refused. */
    public static ContainerFilter parse(List<String> specs) throws InvalidArgumentException {
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
        values.replaceAll((k, v) -> List.copyOf(v));
        return new ContainerFilter(Map.copyOf(values));
    }

    /** As docker: filtering by status lists exited containers without -a. */
    public boolean listsAll() {
        return values.containsKey("status");
    }

    /** The containers that pass, in their order; {@code all} is every container, for id prefixes. */
    List<ContainerInfo> select(List<ContainerInfo> candidates, List<ContainerInfo> all) {
        List<ContainerInfo> selected = new ArrayList<>();
        for (ContainerInfo r : candidates) {
            if (matches(r, all)) {
                selected.add(r);
            }
        }
        return selected;
    }

    private boolean matches(ContainerInfo r, List<ContainerInfo> all) {
        return anyOf("name", v -> nameMatches(v, r.name()))
                && anyOf("id", v -> uniquelyPrefixes(v, r, all))
                && anyOf("status", v -> v.equals(r.state().label()))
                && anyOf("exited", v -> r.state() == ContainerState.EXITED && r.exitCode().isPresent()
                        && r.exitCode().get() == Integer.parseInt(v))
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
    private static boolean uniquelyPrefixes(String prefix, ContainerInfo r, List<ContainerInfo> all) {
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
