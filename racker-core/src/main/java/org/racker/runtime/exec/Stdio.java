package org.racker.runtime.exec;

import java.io.File;
import java.lang.ProcessBuilder.Redirect;

/**
 * Where a container command's standard streams go. The CLI hands the command racker's own
 * descriptors, so output reaches the user's terminal or file byte for byte and without a
 * copy through the JVM; library callers pipe them.
 */
public record Stdio(Redirect in, Redirect out, Redirect err) {

    private static final Redirect EMPTY_INPUT = Redirect.from(new File("/dev/null"));

    /** No input and nowhere for output to go: a command left running on its own. */
    public static Stdio detached() {
        return new Stdio(EMPTY_INPUT, Redirect.DISCARD, Redirect.DISCARD);
    }

    /** racker's own descriptors; stdin only when the user attached it ({@code -i}). */
    public static Stdio inherit(boolean attachStdin) {
        return new Stdio(attachStdin ? Redirect.INHERIT : EMPTY_INPUT, Redirect.INHERIT, Redirect.INHERIT);
    }

    /** The same input; stdout and stderr as pipes, read through the {@link Process}. */
    public Stdio withOutputPiped() {
        return new Stdio(in, Redirect.PIPE, Redirect.PIPE);
    }

    /** Pipes for all three, read and written through the {@link Process}. */
    public static Stdio pipes(boolean attachStdin) {
        return new Stdio(attachStdin ? Redirect.PIPE : EMPTY_INPUT, Redirect.PIPE, Redirect.PIPE);
    }
}
