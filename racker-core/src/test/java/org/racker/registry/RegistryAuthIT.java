package org.racker.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.racker.image.ImageReference;
import org.racker.image.Platform;
import org.racker.image.json.Descriptor;
import org.racker.runtime.EventLog;

/**
 * 401s and credentials against real registries: one with htpasswd (Basic challenges), one with
 * token auth (Bearer challenges, tokens from {@link TokenServer}, verified by the registry).
 */
@Tag("integration")
class RegistryAuthIT {
    private static final Platform AMD64 = Platform.of("linux", "amd64", "");

    @TempDir
    static Path work;
    static LocalRegistry basicRegistry;
    static TokenServer tokenServer;
    static LocalRegistry tokenRegistry;

    @TempDir
    Path testDir;

    @BeforeAll
    static void start() throws Exception {
        OciLayout layout = OciLayout.create(work.resolve("layout"));
        layout.tag("v1", layout.addImage(AMD64, List.of(new TarBuilder().file("secret.txt", "top secret\n")), "x"));
        basicRegistry = LocalRegistry.builder(work.resolve("basic")).basicAuth().start();
        basicRegistry.seed(layout.dir(), "v1", "team/private:v1");
        tokenServer = TokenServer.start(work.resolve("token"));
        tokenRegistry = LocalRegistry.builder(work.resolve("token-registry"))
                .tokenAuth(tokenServer.realm(), TokenServer.SERVICE, TokenServer.ISSUER, tokenServer.certificate())
                .start();
        tokenRegistry.seed(layout.dir(), "v1", "public/app:v1");
        tokenRegistry.seed(layout.dir(), "v1", "private/app:v1");
    }

    @AfterAll
    static void stop() {
        if (basicRegistry != null) {
            basicRegistry.close();
        }
        if (tokenRegistry != null) {
            tokenRegistry.close();
        }
        if (tokenServer != null) {
            tokenServer.close();
        }
    }

    private Path authFile(String name, String registry, String userColonPassword) throws Exception {
        Path file = testDir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"auths\":{\"" + registry + "\":{\"auth\":\""
                + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8)) + "\"}}}");
        return file;
    }

    private static RegistryClient client(CredentialStore credentials, EventLog log) {
        return RegistryClient.builder().credentials(credentials).retryPolicy(RegistryPullIT.FAST).eventLog(log).build();
    }

    private static RegistryClient client(CredentialStore credentials) {
        return client(credentials, EventLog.SILENT);
    }

    /** Pulls the manifest, config and layer: a full anonymous-or-not pull. */
    private static void pullAll(RegistryClient client, ImageReference ref, Path dir) throws Exception {
        ResolvedImage image = client.resolve(ref, AMD64);
        client.pullBlobBytes(ref, image.imageManifest().config());
        for (Descriptor layer : image.imageManifest().layers()) {
            client.pullBlob(ref, layer, dir.resolve(layer.digest().hex()));
        }
    }

    @Test
    void basicWithoutCredentialsIs401WithWhatToDo() throws Exception {
        Path missing = testDir.resolve("run/containers/auth.json");
        ImageReference ref = ImageReference.parse(basicRegistry.hostPort() + "/team/private:v1");
        assertThatThrownBy(() -> client(CredentialStore.of(List.of(missing))).resolve(ref, AMD64))
                .isInstanceOfSatisfying(RegistryUnauthorizedException.class,
                        e -> assertThat(e.credentialsUsed()).isFalse())
                .hasMessageStartingWith("pulling manifest of " + ref + " from http://" + basicRegistry.hostPort())
                .hasMessageContaining("no credentials for " + basicRegistry.hostPort() + " were found (looked in "
                        + missing + ")")
                .hasMessageContaining("racker login " + basicRegistry.hostPort());
    }

    @Test
    void basicWithCredentialsFromAnAuthFile() throws Exception {
        Path auth = authFile("auth.json", basicRegistry.hostPort(), LocalRegistry.USER + ":" + LocalRegistry.PASSWORD);
        List<String> log = new CopyOnWriteArrayList<>();
        EventLog capture = new EventLog() {
            @Override
            public void info(String message) {
                log.add(message);
            }

            @Override
            public void debug(String message) {
                log.add(message);
            }
        };
        pullAll(client(CredentialStore.of(List.of(auth)), capture),
                ImageReference.parse(basicRegistry.hostPort() + "/team/private:v1"), testDir);
        String encoded = Base64.getEncoder().encodeToString(
                (LocalRegistry.USER + ":" + LocalRegistry.PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertThat(log).isNotEmpty().noneMatch(m -> m.contains(LocalRegistry.PASSWORD) || m.contains(encoded));
    }

    @Test
    void basicWithCredentialsFromDockerConfig() throws Exception {
        Path dockerConfig = authFile("home/.docker/config.json", "http://" + basicRegistry.hostPort(),
                LocalRegistry.USER + ":" + LocalRegistry.PASSWORD);
        pullAll(client(CredentialStore.of(List.of(testDir.resolve("run/auth.json"), dockerConfig))),
                ImageReference.parse(basicRegistry.hostPort() + "/team/private:v1"), testDir);
    }

    @Test
    void basicWithWrongPasswordSaysWhoseCredentialsWereRefused() throws Exception {
        Path auth = authFile("auth.json", basicRegistry.hostPort(), LocalRegistry.USER + ":wrong-password-xyz");
        ImageReference ref = ImageReference.parse(basicRegistry.hostPort() + "/team/private:v1");
        assertThatThrownBy(() -> client(CredentialStore.of(List.of(auth))).resolve(ref, AMD64))
                .isInstanceOfSatisfying(RegistryUnauthorizedException.class,
                        e -> assertThat(e.credentialsUsed()).isTrue())
                .hasMessageContaining("refused the credentials of user " + LocalRegistry.USER + " from " + auth)
                .hasMessageNotContaining("wrong-password-xyz");
    }

    @Test
    void anonymousBearerTokenForAPublicRepository() throws Exception {
        pullAll(client(CredentialStore.none()), ImageReference.parse(tokenRegistry.hostPort() + "/public/app:v1"),
                testDir);
        assertThat(tokenServer.requests()).anySatisfy(r -> {
            assertThat(r).containsEntry("service", TokenServer.SERVICE).containsEntry("authorization", "none");
            assertThat(r.get("scope")).contains("repository:public/app:pull");
        });
    }

    @Test
    void bearerWithoutCredentialsOnAPrivateRepositoryIs401() throws Exception {
        ImageReference ref = ImageReference.parse(tokenRegistry.hostPort() + "/private/app:v1");
        assertThatThrownBy(() -> client(CredentialStore.none()).resolve(ref, AMD64))
                .isInstanceOfSatisfying(RegistryUnauthorizedException.class,
                        e -> assertThat(e.credentialsUsed()).isFalse())
                .hasMessageContaining("no credentials for " + tokenRegistry.hostPort());
    }

    @Test
    void bearerWithCredentialsSendsThemToTheTokenServer() throws Exception {
        Path auth = authFile("auth.json", tokenRegistry.hostPort(), LocalRegistry.USER + ":" + LocalRegistry.PASSWORD);
        pullAll(client(CredentialStore.of(List.of(auth))),
                ImageReference.parse(tokenRegistry.hostPort() + "/private/app:v1"), testDir);
        assertThat(tokenServer.requests()).anySatisfy(r -> {
            assertThat(r).containsEntry("authorization", "basic");
            assertThat(r.get("scope")).contains("repository:private/app:pull");
        });
    }

    @Test
    void bearerWithWrongCredentialsNamesTheTokenServer() throws Exception {
        Path auth = authFile("auth.json", tokenRegistry.hostPort(), LocalRegistry.USER + ":wrong-password-xyz");
        ImageReference ref = ImageReference.parse(tokenRegistry.hostPort() + "/private/app:v1");
        assertThatThrownBy(() -> client(CredentialStore.of(List.of(auth))).resolve(ref, AMD64))
                .isInstanceOfSatisfying(RegistryUnauthorizedException.class,
                        e -> assertThat(e.credentialsUsed()).isTrue())
                .hasMessageContaining("the token server 127.0.0.1 refused the credentials of user "
                        + LocalRegistry.USER + " from " + auth)
                .hasMessageNotContaining("wrong-password-xyz");
    }
}
