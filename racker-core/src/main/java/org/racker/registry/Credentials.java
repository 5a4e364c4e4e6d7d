package org.racker.registry;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Objects;

/**
 * A user name and password (or registry token) for one registry, and the file they came from.
 * {@link #toString()} never shows the secret, so a credential can't end up in a log by accident.
 */
public final class Credentials {
    private final String username;
    private final String password;
    private final Path source;

    private Credentials(String username, String password, Path source) {
        this.username = username;
        this.password = password;
        this.source = source;
    }

    /** {@code source} is where they were read from, for messages; null when given directly. */
    public static Credentials of(String username, String password, Path source) {
        return new Credentials(Objects.requireNonNull(username, "username"),
                Objects.requireNonNull(password, "password"), source);
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    /** The file these were found in, or null. */
    public Path source() {
        return source;
    }

    /** The value of an {@code Authorization: Basic} header. */
    String basicAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString(
                (username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Where they came from, for messages: "user alice from /run/user/0/containers/auth.json". */
    String describe() {
        return "user " + username + (source == null ? "" : " from " + source);
    }

    @Override
    public String toString() {
        return "Credentials[" + describe() + ", password=***]";
    }
}
