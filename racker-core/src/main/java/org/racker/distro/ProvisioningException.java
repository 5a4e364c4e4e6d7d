package org.racker.distro;

import org.racker.RackerException;

/** Getting or preparing a curated image failed; the message names the image and the step. */
public class ProvisioningException extends RackerException {
    public ProvisioningException(String message) {
        super(message);
    }

    public ProvisioningException(String message, Throwable cause) {
        super(message, cause);
    }
}
