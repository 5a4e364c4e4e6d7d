package org.racker.runtime.exec;

import java.util.Map;
import java.util.Optional;
import org.racker.InvalidArgumentException;

/**
 * One {@code -e} value. Docker accepts any name that is not empty and has no '=' (names like
 * {@code we.ird-name} included), and {@code -e NAME} alone copies the host's value, or drops
 * the variable when the host has none.
 */
public record EnvironmentVariable(String name, String value) {

    public static Optional<EnvironmentVariable> parse(String spec, Map<String, String> hostEnvironment)
            throws InvalidArgumentException {
        int eq = spec.indexOf('=');
        String name = eq < 0 ? spec : spec.substring(0, eq);
        if (name.isEmpty()) {
            throw new InvalidArgumentException("invalid environment variable " + InvalidArgumentException.quoted(spec)
                    + ": the name is empty");
        }
        if (name.indexOf('\0') >= 0 || (eq >= 0 && spec.indexOf('\0', eq) >= 0)) {
            throw new InvalidArgumentException("invalid environment variable " + InvalidArgumentException.quoted(name)
                    + ": contains a NUL byte");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidArgumentException("invalid environment variable name " + InvalidArgumentException.quoted(name)
                    + ": contains a control character");
        }
        if (eq >= 0) {
            return Optional.of(new EnvironmentVariable(name, spec.substring(eq + 1)));
        }
        String hostValue = hostEnvironment.get(name);
        return hostValue == null ? Optional.empty() : Optional.of(new EnvironmentVariable(name, hostValue));
    }

    /** Whether nspawn's {@code --setenv} would take this name (it wants a portable shell name). */
    public boolean isPortableName() {
        if (!Character.isLetter(name.charAt(0)) && name.charAt(0) != '_') {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c < 128 && (Character.isLetterOrDigit(c) || c == '_'))) {
                return false;
            }
        }
        return true;
    }

    public String assignment() {
        return name + "=" + value;
    }
}
