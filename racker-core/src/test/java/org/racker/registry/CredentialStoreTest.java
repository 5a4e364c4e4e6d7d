package org.racker.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialStoreTest {
    @TempDir
    Path dir;

    private static String auth(String userColonPassword) {
        return Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
    }

    private Path file(String name, String json) throws Exception {
        Path path = dir.resolve(name);
        Files.createDirectories(path.getParent());
        Files.writeString(path, json.replace('\'', '"'));
        return path;
    }

    @Test
    void podmanAuthFile() throws Exception {
        Path f = file("auth.json", "{'auths':{'localhost:5000':{'auth':'" + auth("alice:s3cret:with:colons") + "'}}}");
        Credentials c = CredentialStore.of(List.of(f)).find("localhost:5000", "team/app").orElseThrow();
        assertThat(c.username()).isEqualTo("alice");
        assertThat(c.password()).isEqualTo("s3cret:with:colons");
        assertThat(c.source()).isEqualTo(f);
    }

    @Test
    void dockerConfigWithLegacyHubKey() throws Exception {
        Path f = file("config.json", "{'auths':{'https://index.docker.io/v1/':{'auth':'" + auth("bob:pw") + "'}},"
                + "'credsStore':'desktop'}");
        assertThat(CredentialStore.of(List.of(f)).find("docker.io", "library/debian"))
                .hasValueSatisfying(c -> assertThat(c.username()).isEqualTo("bob"));
    }

    @Test
    void mostSpecificKeyWins() throws Exception {
        Path f = file("auth.json", "{'auths':{'quay.io':{'auth':'" + auth("org:1") + "'},"
                + "'quay.io/team':{'auth':'" + auth("team:2") + "'},"
                + "'quay.io/team/app':{'auth':'" + auth("app:3") + "'}}}");
        CredentialStore store = CredentialStore.of(List.of(f));
        assertThat(store.find("quay.io", "team/app").orElseThrow().username()).isEqualTo("app");
        assertThat(store.find("quay.io", "team/other").orElseThrow().username()).isEqualTo("team");
        assertThat(store.find("quay.io", "elsewhere/x").orElseThrow().username()).isEqualTo("org");
        assertThat(store.find("quay.io.evil", "team/app")).isEmpty();
    }

    @Test
    void firstFileWithAnEntryWins() throws Exception {
        Path first = file("run/containers/auth.json", "{'auths':{'other.io':{'auth':'" + auth("x:y") + "'}}}");
        Path second = file("home/.docker/config.json", "{'auths':{'reg.io':{'auth':'" + auth("docker:pw") + "'}}}");
        Path third = file("third.json", "{'auths':{'reg.io':{'auth':'" + auth("late:pw") + "'}}}");
        CredentialStore store = CredentialStore.of(List.of(dir.resolve("missing.json"), first, second, third));
        assertThat(store.find("reg.io", "a").orElseThrow().username()).isEqualTo("docker");
        assertThat(store.find("nowhere.io", "a")).isEmpty();
    }

    @Test
    void entriesWithoutAuthAreSkipped() throws Exception {
        Path f = file("config.json", "{'auths':{'reg.io':{}},'credHelpers':{'other.io':'secretservice'}}");
        assertThat(CredentialStore.of(List.of(f)).find("reg.io", "a")).isEmpty();
    }

    @Test
    void aHelperNamedForTheRegistryThatIsNotInstalledIsAClearError() throws Exception {
        Path f = file("config.json", "{'auths':{'reg.io':{}},'credHelpers':{'reg.io':'racker-absent-helper'}}");
        assertThatThrownBy(() -> CredentialStore.of(List.of(f)).find("reg.io", "a")).isInstanceOf(RegistryException.class)
                .hasMessageContaining("docker-credential-racker-absent-helper").hasMessageContaining("PATH");
        Path bad = file("bad.json", "{'credsStore':'../../bin/sh'}");
        assertThatThrownBy(() -> CredentialStore.of(List.of(bad)).find("reg.io", "a"))
                .hasMessageContaining("no helper name");
        assertThat(CredentialStore.serverUrl("docker.io")).isEqualTo("https://index.docker.io/v1/");
    }

    @Test
    void malformedFilesNeverEchoTheirContent() throws Exception {
        Path notJson = file("broken.json", "{'auths': {'reg.io': {'auth': 'SECRETVALUE'");
        assertThatThrownBy(() -> CredentialStore.of(List.of(notJson)).find("reg.io", "a"))
                .isInstanceOf(RegistryException.class).hasMessageContaining(notJson.toString())
                .hasMessageNotContaining("SECRETVALUE");
        Path notBase64 = file("b64.json", "{'auths':{'reg.io':{'auth':'SECRET!VALUE'}}}");
        assertThatThrownBy(() -> CredentialStore.of(List.of(notBase64)).find("reg.io", "a"))
                .hasMessageContaining("not base64").hasMessageNotContaining("SECRET");
        Path noColon = file("nocolon.json", "{'auths':{'reg.io':{'auth':'" + auth("SECRETVALUE") + "'}}}");
        assertThatThrownBy(() -> CredentialStore.of(List.of(noColon)).find("reg.io", "a"))
                .hasMessageContaining("USER:PASSWORD").hasMessageNotContaining("SECRETVALUE");
    }

    @Tag("security")
    @Test
    void parseErrorNamesFileLineAndColumnNotTheSecret() throws Exception {
        String secret = auth("alice:hunter2-the-password");
        Path broken = file("broken-line.json", "{\n  'auths': {\n    'reg.io': {'auth': '" + secret + "' oops\n}}}");
        assertThatThrownBy(() -> CredentialStore.of(List.of(broken)).find("reg.io", "a"))
                .isInstanceOf(MalformedAuthFileException.class)
                .hasMessageStartingWith("auth file " + broken + " is not valid JSON (line 3, column ")
                .hasMessageEndingWith("; fix it or remove it")
                .hasMessageNotContaining(secret).hasMessageNotContaining("oops")
                .hasNoCause();
    }

    @Tag("security")
    @Test
    void loginAndLogoutRefuseAMalformedFileWithoutEchoingIt() throws Exception {
        String secret = auth("alice:hunter2-the-password");
        Path broken = file("login.json", "{'auths': {'reg.io': {'auth': '" + secret + "'}}");
        assertThatThrownBy(() -> RegistryLogin.store(broken, "other.io", "bob", "pw"))
                .isInstanceOf(MalformedAuthFileException.class).hasMessageContaining(broken.toString())
                .hasMessageNotContaining(secret).hasNoCause();
        assertThatThrownBy(() -> RegistryLogin.remove(broken, "reg.io"))
                .isInstanceOf(MalformedAuthFileException.class).hasMessageNotContaining(secret).hasNoCause();
        assertThat(Files.readString(broken)).contains(secret); // left as it was
    }

    @Test
    void emptyFileHoldsNoCredentials() throws Exception {
        Path empty = file("empty.json", "");
        assertThat(CredentialStore.of(List.of(empty)).find("reg.io", "a")).isEmpty();
    }

    @Test
    void toStringHidesThePassword() {
        Credentials c = Credentials.of("alice", "hunter2", Path.of("/x/auth.json"));
        assertThat(c.toString()).contains("alice").contains("/x/auth.json").doesNotContain("hunter2");
    }

    @Test
    void defaultLocationsFollowContainersAuthJson() {
        Path home = Path.of("/home/u");
        assertThat(CredentialStore.defaultLocations(Map.of("XDG_RUNTIME_DIR", "/run/user/1000"), home))
                .containsExactly(Path.of("/run/user/1000/containers/auth.json"),
                        Path.of("/home/u/.config/containers/auth.json"), Path.of("/home/u/.docker/config.json"));
        assertThat(CredentialStore.defaultLocations(Map.of("REGISTRY_AUTH_FILE", "/etc/auth.json",
                "XDG_RUNTIME_DIR", "/run/user/1000", "DOCKER_CONFIG", "/d", "XDG_CONFIG_HOME", "/c"), home))
                .containsExactly(Path.of("/etc/auth.json"), Path.of("/c/containers/auth.json"),
                        Path.of("/d/config.json"));
        assertThat(CredentialStore.defaultLocations(Map.of(), home))
                .containsExactly(Path.of("/home/u/.config/containers/auth.json"), Path.of("/home/u/.docker/config.json"));
    }

    @Test
    void keysNormalised() {
        assertThat(CredentialStore.normaliseKey("https://index.docker.io/v1/")).isEqualTo("docker.io");
        assertThat(CredentialStore.normaliseKey("registry-1.docker.io")).isEqualTo("docker.io");
        assertThat(CredentialStore.normaliseKey("http://Reg.IO:5000")).isEqualTo("reg.io:5000");
        assertThat(CredentialStore.normaliseKey("quay.io/team/")).isEqualTo("quay.io/team");
    }
}
