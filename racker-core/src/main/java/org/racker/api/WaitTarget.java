package org.racker.api;

import org.racker.RackerException;

/**
 * What a {@link WaitStrategy} may look at while it waits: commands, logs and the leader's pid,
 * never the runtime behind them. {@link Container} is one; a harness with containers of its
 * own (pkgprobe) adapts them, and tests of the waiting logic use a fake.
 */
public interface WaitTarget {
    String name();

    boolean isRunning();

    /** The host's pid of the container's init; its /proc entry shows the container's network. */
    long leaderPid();

    ExecResult exec(Command command) throws RackerException, InterruptedException;

    String logs() throws RackerException, InterruptedException;
}
