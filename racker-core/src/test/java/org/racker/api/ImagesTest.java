package org.racker.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.racker.InvalidArgumentException;

/** What of {@link Images}, {@link Registries} and {@link Launcher} needs no registry: the catalogue, files. */
class ImagesTest {
    @TempDir
    Path temp;

    @Test
    void theCatalogueNamesItsEntriesInEveryForm() throws Exception {
        List<String> names = Images.curatedNames();
        assertThat(names).isNotEmpty().doesNotHaveDuplicates();
        JsonNode json = new ObjectMapper().readTree(Images.catalogueJson());
        assertThat(json.isArray()).isTrue();
        assertThat(json).hasSize(names.size());
        assertThat(json.get(0).get("name").asText()).isEqualTo(names.get(0));
    }

    @Test
    void entriesAreLookedUpByNameAndAnUnknownOneIsNamed() throws Exception {
        String first = Images.curatedNames().get(0);
        List<CuratedEntry> entries = Racker.withRoot(temp.resolve("root")).images().catalogue(List.of(first));
        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.name()).isEqualTo(first);
            assertThat(e.sources()).isNotEmpty();
            assertThat(e.pulled()).isEmpty();
        });
        assertThatThrownBy(() -> Racker.withRoot(temp.resolve("root")).images().catalogue(List.of(first, "no-such")))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("\"no-such\"");
    }

    @Test
    void logoutSaysWhetherThereWereCredentials() throws Exception {
        Registries registries = Racker.registries(org.racker.EventLog.SILENT);
        assertThat(registries.host("https://registry-1.docker.io/v2/")).isEqualTo("docker.io");
        Path auth = temp.resolve("auth.json");
        assertThat(registries.logout("quay.io", auth)).isFalse();
        Files.writeString(auth, "{\"auths\":{\"quay.io\":{\"auth\":\"dTpw\"},\"ghcr.io\":{\"auth\":\"dTpw\"}}}");
        assertThat(registries.logout("quay.io", auth)).isTrue();
        assertThat(registries.logout("quay.io", auth)).isFalse();
        assertThat(Files.readString(auth)).contains("ghcr.io").doesNotContain("quay.io");
    }

    @Test
    void theNativeLibraryIsWrittenWhereJnaLooks() throws Exception {
        Path written = Launcher.writeNativeLibrary(temp);
        assertThat(written).startsWith(temp.resolve("com/sun/jna")).isRegularFile();
        assertThat(Files.size(written)).isPositive();
    }

    @Test
    void hostFactsAgreeWithTheQuickCheck() {
        assertThat(Racker.hostFacts().unsupportedReason()).isEqualTo(Racker.hostUnsupportedReason());
    }
}
