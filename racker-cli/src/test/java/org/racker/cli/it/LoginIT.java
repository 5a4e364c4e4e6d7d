package org.racker.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.racker.registry.LocalRegistry;
import org.racker.registry.OciLayout;

/** racker login / logout against a real registry that requires Basic credentials. */
@Tag("integration")
class LoginIT extends IsolatedRackerTest {
    @TempDir
    static Path shared;

    static LocalRegistry registry;
    static String image;

    @BeforeAll
    static void seed() throws Exception {
        Path extra = Files.createDirectories(shared.resolve("extra/etc"));
        Files.writeString(extra.resolve("private"), "secret layer\n");
        OciLayout layout = OciLayout.create(shared.resolve("layout"));
        TestImages.add(layout, "v1", List.of(shared.resolve("extra")), Map.of("Cmd", List.of("/bin/true")));
        registry = LocalRegistry.builder(shared.resolve("registry")).basicAuth().start();
        registry.seed(layout.dir(), "v1", "private/app:v1");
        image = registry.hostPort() + "/private/app:v1";
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void loginAsksForTheUserAndPasswordOnATerminalOnly(@TempDir Path home) throws Exception {
        Path authFile = home.resolve("auth.json");
        Map<String, String> env = Map.of("REGISTRY_AUTH_FILE", authFile.toString());
        RackerProcess.Result noTerminal = racker.run(env, new byte[0], "login", registry.hostPort());
        assertThat(noTerminal.exitCode()).isEqualTo(125);
        assertThat(noTerminal.stderr()).contains("-u USER").hasLineCount(1);

        // util-linux's script gives racker a real terminal; the answers are typed into it
        List<String> command = new java.util.ArrayList<>(List.of("script", "-qec",
                String.join(" ", racker.commandLine("login", registry.hostPort())), "/dev/null"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        StringBuilder seen = new StringBuilder();
        try (var in = p.getOutputStream()) {
            // each answer once its prompt came: the password prompt switches echo off first
            readUntil(p, seen, "Username: ");
            in.write((LocalRegistry.USER + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            readUntil(p, seen, "Password: ");
            in.write((LocalRegistry.PASSWORD + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String shown = seen + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(shown).isZero();
        assertThat(shown).contains("Username: ").contains("Password: ").contains("Login Succeeded")
                .doesNotContain(LocalRegistry.PASSWORD);
        assertThat(authFile).exists();
    }

    private static void readUntil(Process p, StringBuilder seen, String prompt) throws java.io.IOException {
        while (!seen.toString().contains(prompt)) {
            int b = p.getInputStream().read();
            if (b < 0) {
                throw new AssertionError("no " + prompt + " prompt; the terminal showed: " + seen);
            }
            seen.append((char) b);
        }
    }

    @Test
    void credentialHelpersNamedInDockersConfigAnswerForTheirRegistry(@TempDir Path home) throws Exception {
        // a credential helper as docker's protocol has it, written by the test as a user would
        // install one: the registry on stdin, the JSON credentials on stdout
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path helper = bin.resolve("docker-credential-racker-test");
        Files.writeString(helper, "#!/bin/sh\n"
                + "[ \"$1\" = get ] || exit 2\n"
                + "read -r server\n"
                + "if [ \"$server\" = \"" + registry.hostPort() + "\" ]; then\n"
                + "  printf '{\"ServerURL\":\"%s\",\"Username\":\"" + LocalRegistry.USER + "\",\"Secret\":\""
                + LocalRegistry.PASSWORD + "\"}' \"$server\"\n"
                + "else echo 'credentials not found in native keychain'; exit 1; fi\n");
        helper.toFile().setExecutable(true);
        Path dockerConfig = Files.createDirectories(home.resolve("docker"));
        Map<String, String> env = Map.of("REGISTRY_AUTH_FILE", home.resolve("none.json").toString(),
                "XDG_CONFIG_HOME", home.resolve("config").toString(), "DOCKER_CONFIG", dockerConfig.toString(),
                "PATH", bin + ":" + System.getenv("PATH"));

        Files.writeString(dockerConfig.resolve("config.json"),
                "{\"credHelpers\": {\"" + registry.hostPort() + "\": \"racker-test\"}}");
        RackerProcess.Result pull = racker.run(env, null, "pull", "-q", image);
        assertThat(pull.exitCode()).as(pull.toString()).isZero();
        assertThat(pull.stdout() + pull.stderr()).doesNotContain(LocalRegistry.PASSWORD);
        assertThat(racker.run(env, null, "rmi", image).exitCode()).isZero();

        Files.writeString(dockerConfig.resolve("config.json"), "{\"credsStore\": \"racker-test\"}");
        assertThat(racker.run(env, null, "pull", "-q", image).exitCode()).as("credsStore serves every registry").isZero();
        assertThat(racker.run(env, null, "rmi", image).exitCode()).isZero();

        Files.writeString(dockerConfig.resolve("config.json"), "{\"credHelpers\": {\"" + registry.hostPort()
                + "\": \"not-installed\"}}");
        RackerProcess.Result missing = racker.run(env, null, "pull", image);
        assertThat(missing.exitCode()).isEqualTo(125);
        assertThat(missing.stderr()).contains("docker-credential-not-installed").hasLineCount(1);
        assertThat(racker.run(env, null, "images", "-q").stdout()).isEmpty();
    }

    @Test
    void loginLetsPullsInAndLogoutForgets(@TempDir Path home) throws Exception {
        Path authFile = home.resolve("auth.json");
        Map<String, String> env = Map.of("REGISTRY_AUTH_FILE", authFile.toString());
        RackerProcess.Result denied = racker.run(env, null, "pull", image);
        assertThat(denied.exitCode()).isEqualTo(125);
        assertThat(denied.stderr()).contains("racker login");

        RackerProcess.Result wrong = racker.run(env, "not-the-password\n".getBytes(StandardCharsets.UTF_8),
                "login", "-u", LocalRegistry.USER, "--password-stdin", registry.hostPort());
        assertThat(wrong.exitCode()).isEqualTo(125);
        assertThat(wrong.stderr()).contains("refused").doesNotContain("not-the-password");
        assertThat(authFile).doesNotExist();

        RackerProcess.Result login = racker.run(env, (LocalRegistry.PASSWORD + "\n").getBytes(StandardCharsets.UTF_8),
                "login", "-u", LocalRegistry.USER, "--password-stdin", registry.hostPort());
        assertThat(login.exitCode()).as(login.toString()).isZero();
        assertThat(login.stdout()).isEqualTo("Login Succeeded\n");
        assertThat(Files.getPosixFilePermissions(authFile)).hasSize(2); // rw for the owner only

        RackerProcess.Result pull = racker.run(env, null, "pull", "-q", image);
        assertThat(pull.exitCode()).as(pull.toString()).isZero();
        assertThat(pull.stdout() + pull.stderr()).doesNotContain(LocalRegistry.PASSWORD);

        assertThat(racker.run(env, null, "logout", registry.hostPort()).stdout()).contains("Removed login credentials");
        assertThat(racker.run(env, null, "rmi", image).exitCode()).isZero();
        RackerProcess.Result again = racker.run(env, null, "pull", image);
        assertThat(again.exitCode()).isEqualTo(125);
        assertThat(again.stderr()).contains("racker login");
        assertThat(racker.run(env, null, "logout", registry.hostPort()).exitCode()).isEqualTo(1);
    }

    @Tag("security")
    @Test
    void malformedAuthFileIsNamedNeverPrinted(@TempDir Path home) throws Exception {
        String secret = java.util.Base64.getEncoder().encodeToString(
                ("someone:" + LocalRegistry.PASSWORD).getBytes(StandardCharsets.UTF_8));
        Path authFile = home.resolve("auth.json");
        Files.writeString(authFile, "{\"auths\": {\"other.example\": {\"auth\": \"" + secret + "\"}}\n");
        Map<String, String> env = Map.of("REGISTRY_AUTH_FILE", authFile.toString());
        RackerProcess.Result login = racker.run(env, (LocalRegistry.PASSWORD + "\n").getBytes(StandardCharsets.UTF_8),
                "--debug", "login", "-u", LocalRegistry.USER, "--password-stdin", registry.hostPort());
        RackerProcess.Result logout = racker.run(env, null, "--debug", "logout", "other.example");
        for (RackerProcess.Result r : List.of(login, logout)) {
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(125);
            assertThat(r.stderr()).contains("racker: auth file " + authFile + " is not valid JSON (line ");
            assertThat(r.stdout() + r.stderr()).doesNotContain(secret).doesNotContain(LocalRegistry.PASSWORD);
        }
        assertThat(Files.readString(authFile)).contains(secret); // left as it was
    }

    @Tag("security")
    @Test
    void unreachableAndUnresolvableRegistriesSaySo() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        RackerProcess.Result closed = racker.run(Map.of(), "pw\n".getBytes(StandardCharsets.UTF_8),
                "login", "-u", "u", "--password-stdin", "127.0.0.1:" + port);
        assertThat(closed.exitCode()).isEqualTo(125);
        assertThat(closed.stderr()).contains("cannot connect to 127.0.0.1:" + port + ": connection refused")
                .doesNotContain("ConnectException");
        RackerProcess.Result unresolvable = racker.run(Map.of(), "pw\n".getBytes(StandardCharsets.UTF_8),
                "login", "-u", "u", "--password-stdin", "registry.racker-test.invalid");
        assertThat(unresolvable.exitCode()).isEqualTo(125);
        assertThat(unresolvable.stderr()).contains("cannot resolve host registry.racker-test.invalid")
                .doesNotContain("refused");
    }
}
