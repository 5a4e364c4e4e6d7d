package org.racker.image;

import org.racker.InvalidArgumentException;

/** An image reference, digest or platform string that does not follow its grammar. */
public class InvalidImageReferenceException extends InvalidArgumentException {
    public InvalidImageReferenceException(String message) {
        super(message);
    }
}
