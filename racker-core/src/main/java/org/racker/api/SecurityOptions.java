package org.racker.api;

import java.util.List;
import org.racker.InvalidArgumentException;

/**
 * docker's {@code --security-opt} values as racker takes them. Only {@code seccomp=unconfined}
 * (or docker's older {@code seccomp:unconfined}): nspawn's own system call filter off, which
 * spares nspawn building it at every start, for users who trust what they run. Anything else
 * is refused rather than ignored: a security option that silently does nothing is worse than
 * none.
 */
record SecurityOptions(boolean systemCallFilter) {
    static final SecurityOptions DEFAULT = new SecurityOptions(true);

    static SecurityOptions parse(List<String> options) throws InvalidArgumentException {
        boolean filter = true;
        for (String option : options) {
            int at = option.indexOf('=') >= 0 ? option.indexOf('=') : option.indexOf(':');
            String key = at < 0 ? option : option.substring(0, at);
            String value = at < 0 ? "" : option.substring(at + 1);
            if (!key.equals("seccomp")) {
                throw new InvalidArgumentException("unsupported --security-opt " + InvalidArgumentException.quoted(option)
                        + ": racker takes seccomp=unconfined (nspawn's system call filter off)");
            }
            if (!value.equals("unconfined")) {
                throw new InvalidArgumentException("cannot load a seccomp profile ("
                        + InvalidArgumentException.quoted(option) + "): nspawn's own filter applies, or none with"
                        + " --security-opt seccomp=unconfined");
            }
            filter = false;
        }
        return filter ? DEFAULT : new SecurityOptions(false);
    }
}
