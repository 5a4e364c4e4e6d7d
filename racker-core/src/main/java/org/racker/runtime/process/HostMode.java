package org.racker.runtime.process;

/** How containers are started and entered on this host (see {@code HostInfo#machined}). */
public enum HostMode {
    /** systemd is PID 1 with machined: register machines, run commands with systemd-run -M. */
    MACHINED,
    /** No machined (CI runners, containers, these machines): unregistered nspawn and nsenter. */
    STANDALONE
}
