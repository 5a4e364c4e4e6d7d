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
import org.racker.EventLog;

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
    /** HTTPS with a self-signed certificate, reached under a name racker does not take for loopback. */
    static LocalRegistry tlsBasicRegistry;
    /** HTTPS, whose token realm is the plain-HTTP {@link #tokenServer}. */
    static LocalRegistry tlsTokenRegistry;

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
        tlsBasicRegistry = LocalRegistry.builder(work.resolve("tls-basic")).basicAuth().tls().start();
        tlsTokenRegistry = LocalRegistry.builder(work.resolve("tls-token")).tls()
                .tokenAuth(tokenServer.realm(), TokenServer.SERVICE, TokenServer.ISSUER, tokenServer.certificate())
                .start();
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
        if (tlsBasicRegistry != null) {
            tlsBasicRegistry.close();
        }
        if (tlsTokenRegistry != null) {
            tlsTokenRegistry.close();
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

    private static RegistryLogin login() {
        return new RegistryLogin(RegistriesConfig.empty(), RegistryPullIT.FAST, EventLog.SILENT);
    }

    /**
     * --tls-verify=false against an HTTPS registry: HTTPS without certificate checks, as docker
     * and podman do, where login used to send the password over plain HTTP. (A Basic registry
     * answers plain HTTP on its TLS port with 400, so a plain-HTTP login could not succeed.)
     */
    @Tag("security")
    @Test
    @org.junit.jupiter.api.Timeout(120)
    void loginWithoutTlsVerifyUsesHttps() throws Exception {
        String name = tlsBasicRegistry.remoteLookingHostPort();
        login().check(name, LocalRegistry.USER, LocalRegistry.PASSWORD, false);
        assertThatThrownBy(() -> login().check(name, LocalRegistry.USER, "wrong-password-xyz", false))
                .isInstanceOf(RegistryUnauthorizedException.class)
                .hasMessage("logging in to " + name + ": the registry refused the username or password");
        // With verification the self-signed certificate is refused, and plain HTTP is not tried either.
        assertThatThrownBy(() -> login().check(name, LocalRegistry.USER, LocalRegistry.PASSWORD, true))
                .hasMessageContaining("TLS handshake with " + name + " failed");
    }

    @Tag("security")
    @Test
    void loginSendsNoCredentialsToAPlainHttpTokenRealmOfAnHttpsRegistry() {
        String name = tlsTokenRegistry.remoteLookingHostPort();
        int tokenRequests = tokenServer.requests().size();
        assertThatThrownBy(() -> login().check(name, LocalRegistry.USER, LocalRegistry.PASSWORD, false))
                .isInstanceOf(RegistryException.class)
                .hasMessageStartingWith("logging in to " + name + " from https://" + name + ": refusing to send"
                        + " the credentials for " + name + " to the plain-HTTP token realm " + tokenServer.realm())
                .hasMessageNotContaining(LocalRegistry.PASSWORD);
        assertThat(tokenServer.requests()).hasSize(tokenRequests);
    }

    @Tag("security")
    @Test
    void pullSendsNoCredentialsToAPlainHttpTokenRealmOfAnHttpsRegistry() throws Exception {
        // References cannot spell the address so that racker takes it for remote; registries.conf can.
        String name = "tls-token.racker-test.invalid";
        String location = tlsTokenRegistry.remoteLookingHostPort();
        RegistriesConfig config = RegistriesConfig.parse("[[registry]]\nprefix = \"" + name + "\"\nlocation = \""
                + location + "\"\n", "test");
        Path auth = authFile("auth.json", location, LocalRegistry.USER + ":" + LocalRegistry.PASSWORD);
        RegistryClient client = RegistryClient.builder().credentials(CredentialStore.of(List.of(auth)))
                .registriesConfig(config).retryPolicy(RegistryPullIT.FAST).tlsVerify(false).build();
        int tokenRequests = tokenServer.requests().size();
        assertThatThrownBy(() -> client.pullManifest(ImageReference.parse(name + "/private/app:v1")))
                .hasMessageContaining("refusing to send the credentials for " + location
                        + " to the plain-HTTP token realm");
        assertThat(tokenServer.requests()).hasSize(tokenRequests);
    }

    @Tag("security")
    @Test
    void loginAndPullToAClosedPortSayCannotConnect() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String name = "127.0.0.1:" + port;
        assertThatThrownBy(() -> login().check(name, LocalRegistry.USER, LocalRegistry.PASSWORD, true))
                .hasMessageEndingWith(": cannot connect to " + name + ": connection refused");
        assertThatThrownBy(() -> client(CredentialStore.none()).pullManifest(ImageReference.parse(name + "/a/b:1")))
                .hasMessageEndingWith(": cannot connect to " + name + ": connection refused");
    }

    /** .invalid never resolves (RFC 6761): nothing is sent anywhere. */
    @Tag("security")
    @Test
    void loginAndPullToAnUnresolvableNameSayCannotResolve() {
        String name = "registry.racker-test.invalid";
        assertThatThrownBy(() -> login().check(name, LocalRegistry.USER, LocalRegistry.PASSWORD, false))
                .hasMessageEndingWith(": cannot resolve host " + name);
        assertThatThrownBy(() -> client(CredentialStore.none()).pullManifest(ImageReference.parse(name + "/a/b:1")))
                .hasMessageEndingWith(": cannot resolve host " + name);
    }

    @Tag("security")
    @Test
    void loginThroughTokenAuthOverTheSameTransport() throws Exception {
        login().check(tokenRegistry.hostPort(), LocalRegistry.USER, LocalRegistry.PASSWORD, true);
        assertThat(tokenServer.requests().get(tokenServer.requests().size() - 1))
                .containsEntry("authorization", "basic").doesNotContainKey("scope");
        assertThatThrownBy(() -> login().check(tokenRegistry.hostPort(), LocalRegistry.USER, "wrong-password-xyz", true))
                .isInstanceOf(RegistryUnauthorizedException.class)
                .hasMessage("logging in to " + tokenRegistry.hostPort() + ": the registry refused the username or password");
    }
}
