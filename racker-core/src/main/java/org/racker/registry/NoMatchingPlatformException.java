package org.racker.registry;

import java.util.List;
import org.racker.image.Platform;

/** An image index has no manifest for the platform asked for. */
public class NoMatchingPlatformException extends RegistryException {
    private final Platform wanted;
    private final List<Platform> available;

    public NoMatchingPlatformException(String message, Platform wanted, List<Platform> available) {
        super(message);
        this.wanted = wanted;
        this.available = List.copyOf(available);
    }

    public Platform wanted() {
        return wanted;
    }

    public List<Platform> available() {
        return available;
    }
}
