package org.racker.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A process named by pid and start time (clock ticks since boot, /proc/PID/stat field 22),
 * so that a pid recorded in a state file is never confused with an unrelated process that
 * got the same pid after a reboot or wrap-around.
 */
public record ProcessIdentity(long pid, long startTicks) {

    public static ProcessIdentity self() {
        return of(ProcessHandle.current().pid()).orElseThrow();
    }

    public static Optional<ProcessIdentity> of(long pid) {
        Optional<Long> ticks = startTicks(pid);
        return ticks.isPresent() ? Optional.of(new ProcessIdentity(pid, ticks.get())) : Optional.empty();
    }

    public boolean isAlive() {
        Optional<Long> ticks = startTicks(pid); // no lambda: every racker command asks this
        return ticks.isPresent() && ticks.get() == startTicks;
    }

    /**
     * Waits until the process is gone. It is usually not racker's child, so no exit event
     * reaches racker: a short poll (the JDK's onExit for such processes backs off to seconds).
     */
    public boolean awaitExit(java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isAlive()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** SIGKILL, only if this is still the same process. */
    public void kill() {
        if (isAlive()) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private static Optional<Long> startTicks(long pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException e) {
            return Optional.empty();
        }
        // The command name (field 2) may hold spaces and parentheses: fields after it are
        // counted from the last ')'.
        int close = stat.lastIndexOf(')');
        String[] fields = stat.substring(close + 2).split(" ");
        // fields[0] is field 3 (state); a zombie is dead for our purposes.
        if (fields[0].equals("Z") || fields[0].equals("X")) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(fields[22 - 3]));
    }
}
