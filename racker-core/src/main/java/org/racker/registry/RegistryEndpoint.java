package org.racker.registry;

import java.util.Locale;
import org.racker.image.ImageReference;

/**
 * One place to pull a repository from: the registry itself or one of its mirrors, after
 * registries.conf has rewritten the reference. {@code registry} is {@code host[:port]} as
 * written in references (docker.io, localhost:5000); {@code repository} is the path there.
 */
public record RegistryEndpoint(String registry, String repository, boolean insecure, boolean mirror) {
    /** Docker Hub's API does not live at the name references use for it. */
    private static final String DOCKER_HUB_API = "registry-1.docker.io";

    /** The registry itself, as the reference names it, with TLS verified. */
    public static RegistryEndpoint of(ImageReference reference) {
        return new RegistryEndpoint(reference.registry(), reference.repository(), false, false);
    }

    /** host[:port] to send API requests to. */
    public String apiHost() {
        return registry.equals(ImageReference.DOCKER_HUB) ? DOCKER_HUB_API : registry;
    }

    /**
     * Whether the registry is this machine (localhost, 127.0.0.0/8, ::1), where plain HTTP is
     * used, as docker does for its insecure-by-default loopback registries.
     */
    public boolean isLoopback() {
        String host = registry.toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            return host.startsWith("[::1]");
        }
        int colon = host.indexOf(':');
        if (colon >= 0) {
            host = host.substring(0, colon);
        }
        return host.equals("localhost") || host.matches("127(?:\\.[0-9]{1,3}){3}");
    }

    @Override
    public String toString() {
        return registry + "/" + repository + (mirror ? " (mirror)" : "") + (insecure ? " (insecure)" : "");
    }
}
