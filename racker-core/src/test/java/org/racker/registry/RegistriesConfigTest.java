package org.racker.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.racker.image.ImageReference;

class RegistriesConfigTest {
    private static final String DIGEST = "sha256:" + "c".repeat(64);

    private static List<RegistryEndpoint> endpoints(RegistriesConfig config, String reference) throws Exception {
        return config.endpointsFor(ImageReference.parse(reference));
    }

    @Test
    void emptyConfigPullsFromTheRegistryItself() throws Exception {
        assertThat(endpoints(RegistriesConfig.empty(), "debian"))
                .containsExactly(new RegistryEndpoint("docker.io", "library/debian", false, false));
    }

    @Test
    void mirrorsComeFirstThenTheRegistry() throws Exception {
        RegistriesConfig config = RegistriesConfig.parse("""
                unqualified-search-registries = ["docker.io"]
                [[registry]]
                prefix = "docker.io"
                location = "docker.io"
                [[registry.mirror]]
                location = "localhost:5000/hub"
                insecure = true
                [[registry.mirror]]
                location = "mirror.internal"
                """, "test.conf");
        assertThat(endpoints(config, "debian:12")).containsExactly(
                new RegistryEndpoint("localhost:5000", "hub/library/debian", true, true),
                new RegistryEndpoint("mirror.internal", "library/debian", false, true),
                new RegistryEndpoint("docker.io", "library/debian", false, false));
    }

    @Test
    void locationRewritesThePrefix() throws Exception {
        RegistriesConfig config = RegistriesConfig.parse("""
                [[registry]]
                prefix = "example.com/foo"
                location = "internal.example:5000/bar"
                insecure = true
                """, "test.conf");
        assertThat(endpoints(config, "example.com/foo/app:1")).containsExactly(
                new RegistryEndpoint("internal.example:5000", "bar/app", true, false));
        assertThat(endpoints(config, "example.com/foobar/app")).as("not at a path boundary").containsExactly(
                new RegistryEndpoint("example.com", "foobar/app", false, false));
    }

    @Test
    void longestPrefixWins() throws Exception {
        RegistriesConfig config = RegistriesConfig.parse("""
                [[registry]]
                prefix = "quay.io"
                location = "quay.io"
                blocked = true
                [[registry]]
                prefix = "quay.io/centos"
                location = "quay.io/centos"
                """, "test.conf");
        assertThat(endpoints(config, "quay.io/centos/centos:stream9")).containsExactly(
                new RegistryEndpoint("quay.io", "centos/centos", false, false));
        assertThatThrownBy(() -> endpoints(config, "quay.io/other/app"))
                .isInstanceOf(RegistryBlockedException.class)
                .hasMessageContaining("quay.io/other/app").hasMessageContaining("prefix \"quay.io\"");
    }

    @Test
    void wildcardPrefixMatchesSubdomains() throws Exception {
        RegistriesConfig config = RegistriesConfig.parse("""
                [[registry]]
                prefix = "*.lan"
                insecure = true
                """, "test.conf");
        assertThat(endpoints(config, "reg.lan:5000/app")).containsExactly(
                new RegistryEndpoint("reg.lan:5000", "app", true, false));
        assertThat(endpoints(config, "reg.lan.example/app").get(0).insecure()).isFalse();
    }

    @Test
    void pullFromMirrorDigestAndTagOnly() throws Exception {
        RegistriesConfig config = RegistriesConfig.parse("""
                [[registry]]
                location = "docker.io"
                [[registry.mirror]]
                location = "digests.internal"
                pull-from-mirror = "digest-only"
                [[registry.mirror]]
                location = "tags.internal"
                pull-from-mirror = "tag-only"
                """, "test.conf");
        assertThat(endpoints(config, "debian:12")).extracting(RegistryEndpoint::registry)
                .containsExactly("tags.internal", "docker.io");
        assertThat(endpoints(config, "debian@" + DIGEST)).extracting(RegistryEndpoint::registry)
                .containsExactly("digests.internal", "docker.io");
    }

    @Test
    void mirrorByDigestOnly() throws Exception {
        RegistriesConfig config = RegistriesConfig.parse("""
                [[registry]]
                location = "docker.io"
                mirror-by-digest-only = true
                [[registry.mirror]]
                location = "mirror.internal"
                """, "test.conf");
        assertThat(endpoints(config, "debian:12")).extracting(RegistryEndpoint::registry).containsExactly("docker.io");
        assertThat(endpoints(config, "debian@" + DIGEST)).extracting(RegistryEndpoint::registry)
                .containsExactly("mirror.internal", "docker.io");
    }

    @Test
    void version1InsecureAndBlockLists() throws Exception {
        RegistriesConfig config = RegistriesConfig.parse("""
                [registries.search]
                registries = ["docker.io"]
                [registries.insecure]
                registries = ["registry.lan:5000"]
                [registries.block]
                registries = ["evil.example"]
                """, "v1.conf");
        assertThat(endpoints(config, "registry.lan:5000/app")).containsExactly(
                new RegistryEndpoint("registry.lan:5000", "app", true, false));
        assertThatThrownBy(() -> endpoints(config, "evil.example/app")).isInstanceOf(RegistryBlockedException.class);
        assertThat(endpoints(config, "debian").get(0).insecure()).isFalse();
    }

    @Test
    void shortNameAliasesAndOtherTablesIgnored() throws Exception {
        RegistriesConfig config = RegistriesConfig.parse("""
                short-name-mode = "enforcing"
                [aliases]
                "almalinux" = "docker.io/library/almalinux"
                "fedora" = "registry.fedoraproject.org/fedora"
                """, "shortnames.conf");
        assertThat(endpoints(config, "fedora")).containsExactly(
                new RegistryEndpoint("docker.io", "library/fedora", false, false));
    }

    @Test
    void schemesInLocationsAreDropped() throws Exception {
        RegistriesConfig config = RegistriesConfig.parse("""
                [[registry]]
                prefix = "docker.io"
                location = "https://mirror.internal/"
                """, "test.conf");
        assertThat(endpoints(config, "debian")).containsExactly(
                new RegistryEndpoint("mirror.internal", "library/debian", false, false));
    }

    @Test
    void malformedFilesNameTheFile() {
        assertThatThrownBy(() -> RegistriesConfig.parse("[[registry]\nlocation=", "bad.conf"))
                .isInstanceOf(RegistriesConfigException.class).hasMessageStartingWith("bad.conf is not valid TOML");
        assertThatThrownBy(() -> RegistriesConfig.parse("[[registry]]\ninsecure = \"yes\"\nlocation=\"a\"", "b.conf"))
                .hasMessage("b.conf: \"insecure\" must be true or false");
        assertThatThrownBy(() -> RegistriesConfig.parse("[[registry]]\ninsecure = true", "c.conf"))
                .hasMessage("c.conf: a [[registry]] needs a prefix or a location");
        assertThatThrownBy(() -> RegistriesConfig.parse("""
                [[registry]]
                location = "a"
                [[registry.mirror]]
                location = "m"
                pull-from-mirror = "sometimes"
                """, "d.conf")).hasMessageContaining("pull-from-mirror must be");
    }

    @Test
    void dropInsOverrideTheMainFileByPrefix(@TempDir Path dir) throws Exception {
        Path main = dir.resolve("registries.conf");
        Files.writeString(main, """
                [[registry]]
                prefix = "docker.io"
                location = "docker.io"
                blocked = true
                [[registry]]
                location = "quay.io"
                insecure = true
                """);
        Path dropIns = Files.createDirectories(dir.resolve("registries.conf.d"));
        Files.writeString(dropIns.resolve("10-hub.conf"), """
                [[registry]]
                prefix = "docker.io"
                location = "docker.io"
                [[registry.mirror]]
                location = "localhost:5000"
                """);
        Files.writeString(dropIns.resolve("ignored.txt"), "not toml at all [");
        RegistriesConfig config = RegistriesConfig.load(main, List.of(dropIns, dir.resolve("missing.d")));
        assertThat(endpoints(config, "debian")).extracting(RegistryEndpoint::registry)
                .containsExactly("localhost:5000", "docker.io");
        assertThat(endpoints(config, "quay.io/a/b").get(0).insecure()).isTrue();
    }

    @Test
    void missingMainFileIsNoConfig(@TempDir Path dir) throws Exception {
        RegistriesConfig config = RegistriesConfig.load(dir.resolve("nope.conf"), List.of());
        assertThat(endpoints(config, "debian")).hasSize(1);
    }

    @Test
    void filesWithoutRegistrySettingsAreNotParsed() {
        // Debian's shortnames.conf: aliases only, one of them named "registry".
        assertThat(RegistriesConfig.mentionsRegistries("""
                # comment about [[registry]]
                unqualified-search-registries = ["docker.io"]
                [aliases]
                  # docker
                  "registry" = "docker.io/library/registry"
                  "fedora" = "registry.fedoraproject.org/fedora"
                [other.table] # trailing comment
                registries = "not the root table's"
                """)).isFalse();
        assertThat(RegistriesConfig.mentionsRegistries("# registries.conf\n#[[registry]]\n")).isFalse();
        for (String toml : List.of("[[registry]]\nlocation = \"x\"", "  [[ registry ]]", "[[\"registry\"]]",
                "registry = [{location = \"x\"}]", "[registries.insecure]\nregistries = []",
                "registries.block.registries = [\"x\"]", "[ 'registries' . block ]",
                "x = [\n  [1, 2],\n]\n[aliases]")) {
            assertThat(RegistriesConfig.mentionsRegistries(toml)).as(toml).isTrue();
        }
    }

    @Test
    void aliasOnlyDropInChangesNothing() throws Exception {
        RegistriesConfig config = RegistriesConfig.parse("[aliases]\n\"x\" = \"docker.io/library/x\"\n", "shortnames.conf");
        assertThat(endpoints(config, "debian"))
                .containsExactly(new RegistryEndpoint("docker.io", "library/debian", false, false));
    }

    @Test
    void loginGoesToTheRegistryItselfWithItsInsecureFlag() throws Exception {
        RegistriesConfig config = RegistriesConfig.parse("""
                [[registry]]
                prefix = "reg.example:5000"
                insecure = true
                [[registry.mirror]]
                location = "mirror.example"
                [[registry]]
                prefix = "*.corp.example"
                insecure = true
                [[registry]]
                prefix = "docker.io"
                location = "relocated.example"
                """, "test");
        assertThat(config.loginEndpoint("reg.example:5000"))
                .isEqualTo(new RegistryEndpoint("reg.example:5000", "", true, false));
        assertThat(config.loginEndpoint("hub.corp.example:443").insecure()).isTrue();
        assertThat(config.loginEndpoint("reg.example").insecure()).isFalse(); // another port is another registry
        assertThat(config.loginEndpoint("docker.io"))
                .isEqualTo(new RegistryEndpoint("docker.io", "", false, false)); // credentials never go to the relocation
    }
}
