package org.racker.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.racker.EventLog;
import org.racker.RackerException;
import org.racker.registry.RegistriesConfig;
import org.racker.registry.RegistryLogin;
import org.racker.registry.RetryPolicy;

/**
 * Credentials for registries, kept in an auth file in the format podman and skopeo share,
 * where pulls find them; what {@code racker login} and {@code logout} do. Obtained from
 * {@link Racker#registries(EventLog)}.
 */
public final class Registries {
    private final EventLog log;

    Registries(EventLog log) {
        this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * The host a registry name stands for, as credentials are filed under it: a URL gives its
     * host, and Docker Hub's other names ({@code index.docker.io}, {@code registry-1.docker.io})
     * become {@code docker.io}.
     */
    public String host(String registry) {
        return RegistryLogin.normalise(registry);
    }

    /**
     * The auth file used when none is named: {@code $REGISTRY_AUTH_FILE}, else the first file
     * pulls read credentials from.
     */
    public Path defaultAuthFile() {
        return RegistryLogin.defaultAuthFile();
    }

    /**
     * Checks the credentials with the registry (its mirrors and insecure settings from
     * registries.conf), then keeps them in {@code authFile}.
     *
     * @param authFile where to keep them; null for {@link #defaultAuthFile()}
     * @param tlsVerify whether the registry's certificate is verified; false also allows plain HTTP
     * @throws RackerException when the registry refuses them or cannot be reached
     */
    public void login(String registry, String username, String password, boolean tlsVerify, Path authFile)
            throws RackerException, IOException {
        String host = host(registry);
        new RegistryLogin(RegistriesConfig.loadDefault(), RetryPolicy.DEFAULT, log).check(host, username, password,
                tlsVerify);
        RegistryLogin.store(authFile != null ? authFile : defaultAuthFile(), host, username, password);
    }

    /**
     * Forgets the registry's credentials in {@code authFile} (null for {@link #defaultAuthFile()}).
     *
     * @return whether there were any
     */
    public boolean logout(String registry, Path authFile) throws RackerException, IOException {
        return RegistryLogin.remove(authFile != null ? authFile : defaultAuthFile(), host(registry));
    }
}
