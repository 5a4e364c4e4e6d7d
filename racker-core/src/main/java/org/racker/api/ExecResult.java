package org.racker.api;

import java.nio.charset.StandardCharsets;

/** What a command run to its end did: its exit status and everything it wrote, byte for byte. */
public final class ExecResult {
    private final int exitCode;
    private final byte[] stdout;
    private final byte[] stderr;

    public ExecResult(int exitCode, byte[] stdout, byte[] stderr) {
        this.exitCode = exitCode;
        this.stdout = stdout.clone();
        this.stderr = stderr.clone();
    }

    /**
     * The command's status: 127 when the container has no such command and 126 when it cannot
     * be executed, as docker reports them.
     */
    public int exitCode() {
        return exitCode;
    }

    public byte[] stdout() {
        return stdout.clone();
    }

    public byte[] stderr() {
        return stderr.clone();
    }

    /** The standard output decoded as UTF-8. */
    public String stdoutText() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    public String stderrText() {
        return new String(stderr, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "exit " + exitCode + ", " + stdout.length + " bytes out, " + stderr.length + " bytes err";
    }
}
