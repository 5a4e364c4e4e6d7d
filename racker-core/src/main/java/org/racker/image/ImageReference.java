package org.racker.image;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An image reference, {@code [registry[:port]/]repository[:tag][@digest]}, parsed and
 * normalised exactly as docker does it: the grammar and the normalisation rules of
 * distribution's reference package (https://github.com/distribution/reference, reference.go
 * for the grammar, normalize.go for {@code ParseNormalizedNamed}).
 *
 * <ul>
 *   <li>The first path component is a registry when it contains a '.' or a ':', is
 *       {@code localhost}, or has an upper-case letter; otherwise the registry is
 *       {@code docker.io}, and a one-component repository there gets {@code library/}.
 *       {@code index.docker.io} is an alias of {@code docker.io}.</li>
 *   <li>Repository components are lower-case alphanumerics joined by '.', '_', '__' or dashes;
 *       the whole name (registry included) is at most 255 characters.</li>
 *   <li>A tag is {@code [\w][\w.-]{0,127}}; without tag and digest the tag is {@code latest}.
 *       With {@code name:tag@digest} both are kept and the digest is what gets pulled.</li>
 *   <li>A bare 64-digit hex string is refused, as docker does, since it reads as an image ID.</li>
 *   <li>A leading {@code docker://} (containers-transports(5), which upstream racker accepted
 *       since it handed references to skopeo) is dropped.</li>
 * </ul>
 */
public final class ImageReference {
    public static final String DOCKER_HUB = "docker.io";
    public static final String DEFAULT_TAG = "latest";
    private static final String TRANSPORT_PREFIX = "docker://";
    private static final int NAME_MAX = 255;

    private static final Pattern DOMAIN = Pattern.compile(
            "(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
            + "(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*"
            + "|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?");
    private static final Pattern PATH_COMPONENT =
            Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("\\w[\\w.-]{0,127}");
    private static final Pattern IMAGE_ID = Pattern.compile("[a-f0-9]{64}");

    private final String registry;
    private final String repository;
    private final String tag;
    private final Digest digest;

    private ImageReference(String registry, String repository, String tag, Digest digest) {
        this.registry = registry;
        this.repository = repository;
        this.tag = tag;
        this.digest = digest;
    }

    /** Parses a reference as {@code docker pull} would, e.g. "debian" is docker.io/library/debian:latest. */
    public static ImageReference parse(String text) throws InvalidImageReferenceException {
        if (text == null || text.isEmpty()) {
            throw invalid(text, "the reference is empty");
        }
        String s = text.startsWith(TRANSPORT_PREFIX) ? text.substring(TRANSPORT_PREFIX.length()) : text;
        if (s.isEmpty()) {
            throw invalid(text, "the reference is empty");
        }
        if (IMAGE_ID.matcher(s).matches()) {
            throw invalid(text, "a 64-digit hexadecimal string is an image ID, not a repository name");
        }

        Digest digest = null;
        int at = s.indexOf('@');
        if (at >= 0) {
            String digestText = s.substring(at + 1);
            s = s.substring(0, at);
            try {
                digest = Digest.parse(digestText);
            } catch (InvalidImageReferenceException e) {
                throw invalid(text, e.getMessage());
            }
        }

        String tag = null;
        int colon = s.lastIndexOf(':');
        if (colon > s.lastIndexOf('/')) {
            tag = s.substring(colon + 1);
            s = s.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw invalid(text, "invalid tag \"" + tag
                        + "\" (letters, digits, '_', '.' and '-', not starting with '.' or '-', at most 128)");
            }
        }

        String registry;
        String repository;
        int slash = s.indexOf('/');
        String first = slash < 0 ? "" : s.substring(0, slash);
        if (slash < 0 || (!first.contains(".") && !first.contains(":") && !first.equals("localhost")
                && first.toLowerCase(java.util.Locale.ROOT).equals(first))) {
            registry = DOCKER_HUB;
            repository = s;
        } else {
            registry = first;
            repository = s.substring(slash + 1);
        }
        if (registry.equals("index.docker.io")) {
            registry = DOCKER_HUB;
        }
        if (registry.equals(DOCKER_HUB) && repository.indexOf('/') < 0) {
            repository = "library/" + repository;
        }
        if (tag == null && digest == null) {
            tag = DEFAULT_TAG;
        }
        return checked(text, registry, repository, tag, digest);
    }

    /**
     * A reference from its parts, validated like a parsed one and with the same normalisation
     * (docker.io/library); {@code tag} and {@code digest} may be null (no tag and no digest means latest).
     */
    public static ImageReference of(String registry, String repository, String tag, Digest digest)
            throws InvalidImageReferenceException {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(repository, "repository");
        String reg = registry.equals("index.docker.io") ? DOCKER_HUB : registry;
        String repo = reg.equals(DOCKER_HUB) && repository.indexOf('/') < 0 ? "library/" + repository : repository;
        String t = tag == null && digest == null ? DEFAULT_TAG : tag;
        String shown = registry + "/" + repository + (tag == null ? "" : ":" + tag)
                + (digest == null ? "" : "@" + digest);
        if (t != null && !TAG.matcher(t).matches()) {
            throw invalid(shown, "invalid tag \"" + t + "\"");
        }
        return checked(shown, reg, repo, t, digest);
    }

    private static ImageReference checked(String text, String registry, String repository, String tag, Digest digest)
            throws InvalidImageReferenceException {
        if (!DOMAIN.matcher(registry).matches()) {
            throw invalid(text, "invalid registry \"" + registry + "\"");
        }
        if (repository.isEmpty()) {
            throw invalid(text, "the repository name is empty");
        }
        if (!repository.toLowerCase(java.util.Locale.ROOT).equals(repository)) {
            throw invalid(text, "repository name must be lowercase");
        }
        for (String component : repository.split("/", -1)) {
            if (!PATH_COMPONENT.matcher(component).matches()) {
                throw invalid(text, "invalid repository name \"" + repository + "\" (components are"
                        + " lower-case letters and digits, joined by '.', '_', '__' or '-')");
            }
        }
        if (registry.length() + 1 + repository.length() > NAME_MAX) {
            throw invalid(text, "repository name must not be more than " + NAME_MAX + " characters");
        }
        return new ImageReference(registry, repository, tag, digest);
    }

    private static InvalidImageReferenceException invalid(String text, String why) {
        return new InvalidImageReferenceException("invalid image reference \"" + text + "\": " + why);
    }

    /** The registry as written in references, {@code host[:port]}, e.g. docker.io or localhost:5000. */
    public String registry() {
        return registry;
    }

    /** The repository path within the registry, e.g. library/debian. */
    public String repository() {
        return repository;
    }

    /** The tag; empty for a digest-only reference. */
    public Optional<String> tag() {
        return Optional.ofNullable(tag);
    }

    public Optional<Digest> digest() {
        return Optional.ofNullable(digest);
    }

    /** registry/repository, e.g. docker.io/library/debian. */
    public String name() {
        return registry + "/" + repository;
    }

    /** What goes after /manifests/ in the registry API: the digest when there is one, else the tag. */
    public String manifestReference() {
        return digest != null ? digest.toString() : tag;
    }

    /** This image pinned to {@code digest}, keeping the tag (name:tag@digest). */
    public ImageReference withDigest(Digest newDigest) {
        return new ImageReference(registry, repository, tag, Objects.requireNonNull(newDigest));
    }

    /**
     * The short form docker shows: docker.io and library/ dropped, e.g. "debian:bookworm-slim";
     * other registries keep their full name.
     */
    public String familiarName() {
        String shortName = name();
        if (registry.equals(DOCKER_HUB)) {
            shortName = repository.startsWith("library/") && repository.indexOf('/', 8) < 0
                    ? repository.substring(8) : repository;
        }
        return shortName + suffix();
    }

    private String suffix() {
        return (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageReference r && r.registry.equals(registry) && r.repository.equals(repository)
                && Objects.equals(r.tag, tag) && Objects.equals(r.digest, digest);
    }

    @Override
    public int hashCode() {
        return Objects.hash(registry, repository, tag, digest);
    }

    /** The fully qualified form, e.g. docker.io/library/debian:latest; parses back to an equal reference. */
    @Override
    public String toString() {
        return name() + suffix();
    }
}
