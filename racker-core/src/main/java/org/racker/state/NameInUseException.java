package org.racker.state;

import org.racker.RackerException;

/** Another live container already has the requested machine name. */
public class NameInUseException extends RackerException {
    public NameInUseException(String name) {
        super("the container name \"" + name + "\" is already in use; choose another --name or remove that container");
    }
}
