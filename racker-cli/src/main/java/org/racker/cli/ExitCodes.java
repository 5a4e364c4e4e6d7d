package org.racker.cli;

import org.racker.CommandNotExecutableException;
import org.racker.CommandNotFoundException;
import org.racker.NoSuchContainerException;
import org.racker.NoSuchUserException;
import org.racker.RackerException;

/**
 * The exit codes, as docker defines them, in one place: a command's own status passes
 * through; racker's own failures are 125; a command that cannot be invoked 126, one that
 * is not found 127. Commands that name a missing container exit 1, as docker's do.
 * postroj's probes keep their own documented statuses: 1 when a check failed, 5 when a
 * selftest found a distribution that does not work.
 */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int NO_SUCH_CONTAINER = 1;
    /** A check failed (pkgprobe, matrix), or a query answered no (info, logout). */
    public static final int CHECK_FAILED = 1;
    /** selftest: a curated distribution failed its probe. */
    public static final int SELFTEST_FAILED = 5;
    public static final int RACKER_FAILED = 125;
    public static final int CANNOT_INVOKE = 126;
    public static final int NOT_FOUND = 127;

    private ExitCodes() { }

    static int of(Throwable failure) {
        if (failure instanceof CommandNotFoundException) {
            return NOT_FOUND;
        }
        if (failure instanceof CommandNotExecutableException || failure instanceof NoSuchUserException) {
            return CANNOT_INVOKE;
        }
        if (failure instanceof NoSuchContainerException) {
            return NO_SUCH_CONTAINER;
        }
        return RACKER_FAILED;
    }

    /** The one line a user sees for a failure; the exception's class only when nothing else says it. */
    static String message(Throwable failure) {
        if (failure instanceof RackerException || failure.getMessage() != null) {
            String m = failure.getMessage();
            Throwable cause = failure.getCause();
            if (!(failure instanceof RackerException) && cause != null && cause.getMessage() != null
                    && !m.contains(cause.getMessage())) {
                m += ": " + cause.getMessage();
            }
            return m;
        }
        return failure.getClass().getSimpleName();
    }
}
