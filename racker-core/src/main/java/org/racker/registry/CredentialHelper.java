package org.racker.registry;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.racker.json.JsonFields;

/**
 * A docker credential helper ({@code docker-credential-NAME} on the PATH), as docker's and
 * podman's auth files name one in {@code credHelpers} or {@code credsStore}: {@code get} with
 * the registry on stdin answers {@code {"ServerURL", "Username", "Secret"}} on stdout, or
 * fails with "credentials not found".
 */
final class CredentialHelper {
    /** A helper that asks a keyring or a human may take a while; one that hangs must not hang racker. */
    private static final long TIMEOUT_SECONDS = 60;
    private static final String NOT_FOUND = "credentials not found";

    private final String name;
    private final Path configuredIn;

    private CredentialHelper(String name, Path configuredIn) {
        this.name = name;
        this.configuredIn = configuredIn;
    }

    static CredentialHelper named(String name, Path configuredIn) throws RegistryException {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw new RegistryException("auth file " + configuredIn + " names the credential helper \"" + name
                    + "\", which is no helper name (docker-credential-NAME); fix the file");
        }
        return new CredentialHelper(name, configuredIn);
    }

    String command() {
        return "docker-credential-" + name;
    }

    /** The helper's credentials for {@code serverUrl}; empty when it has none. */
    Optional<Credentials> get(String serverUrl) throws RegistryException {
        Process p;
        try {
            p = new ProcessBuilder(command(), "get").redirectError(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            throw new RegistryException("auth file " + configuredIn + " names the credential helper " + command()
                    + ", which cannot be run (" + e.getMessage() + "); install it on the PATH or remove it from the file");
        }
        try {
            // both streams read on threads of their own, so that the timeout holds for a helper
            // that hangs (waiting on a keyring) as much as for one that writes without end
            FutureTask<byte[]> stdout = drain(p.getInputStream(), 1 << 20);
            FutureTask<byte[]> stderr = drain(p.getErrorStream(), 4096);
            try (OutputStream in = p.getOutputStream()) {
                in.write(serverUrl.getBytes(StandardCharsets.UTF_8));
            }
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new RegistryException("the credential helper " + command() + " did not answer within "
                        + TIMEOUT_SECONDS + " s");
            }
            String text = new String(collected(stdout), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                if (text.contains(NOT_FOUND)) {
                    return Optional.empty();
                }
                String why = new String(collected(stderr), StandardCharsets.UTF_8).strip();
                throw new RegistryException("the credential helper " + command() + " failed (exit " + p.exitValue()
                        + ")" + (why.isEmpty() ? "" : ": " + why.lines().findFirst().orElse("")));
            }
            return Optional.of(parse(text));
        } catch (IOException e) {
            p.destroyForcibly();
            throw new RegistryException("cannot talk to the credential helper " + command() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted while asking the credential helper " + command());
        }
    }

    private static FutureTask<byte[]> drain(InputStream stream, int limit) {
        FutureTask<byte[]> task = new FutureTask<>(() -> {
            try (stream) {
                byte[] kept = stream.readNBytes(limit);
                stream.transferTo(OutputStream.nullOutputStream());
                return kept;
            }
        });
        Thread t = new Thread(task, "racker-credential-helper");
        t.setDaemon(true);
        t.start();
        return task;
    }

    /** What a stream of the helper held once the helper ended; a descendant keeping it open is not waited for. */
    private static byte[] collected(FutureTask<byte[]> stream) throws IOException, InterruptedException {
        try {
            return stream.get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("its output could not be read", e);
        }
    }

    private Credentials parse(String json) throws RegistryException {
        String user = null;
        String secret = null;
        try (JsonParser p = JsonFields.FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "Username" -> user = JsonFields.string(p, field);
                    case "Secret" -> secret = JsonFields.string(p, field);
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            // the answer holds the secret: the message never quotes it
            throw new RegistryException("the credential helper " + command() + " answered something that is not"
                    + " its JSON credentials");
        }
        if (user == null || secret == null || user.isEmpty()) {
            throw new RegistryException("the credential helper " + command() + " answered without a user name and"
                    + " secret");
        }
        if (user.equals("<token>")) {
            throw new RegistryException("the credential helper " + command() + " holds an identity token, which"
                    + " racker cannot use yet; log in with racker login USER instead");
        }
        return Credentials.of(user, secret, configuredIn);
    }
}
