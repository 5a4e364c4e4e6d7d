package org.racker.host;

import org.racker.RackerException;

/** The host lacks something racker cannot work without (root, systemd-nspawn). */
public class HostUnsupportedException extends RackerException {
    public HostUnsupportedException(String message) {
        super(message);
    }
}
