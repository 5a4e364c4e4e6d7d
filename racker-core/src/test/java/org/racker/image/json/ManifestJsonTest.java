package org.racker.image.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The streaming reader must give what the databind mapper gives, document for document. */
class ManifestJsonTest {
    private static final String DIGEST = "sha256:" + "a".repeat(64);
    private static final String OTHER = "sha256:" + "b".repeat(64);

    private static final List<String> MANIFESTS = List.of(
            """
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
             "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%1$s","size":325},
             "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"%2$s","size":46374330,
                        "annotations":{"org.example":"x"},"urls":["https://example.org/blob"],"data":"ignored"}],
             "subject":{"mediaType":"m","digest":"%2$s","size":1},"annotations":{"a":"b","n":3},"unknown":[1,{"x":null}]}
            """,
            """
            {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",
             "config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":"12","digest":"%1$s"},
             "layers":[]}
            """,
            """
            {"schemaVersion":"2","config":{"digest":"%1$s","size":null},"layers":null,"artifactType":"a/b"}
            """);

    private static final List<String> INDEXES = List.of(
            """
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
              {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%1$s","size":7,
               "platform":{"architecture":"arm64","os":"linux","variant":"v8","os.version":"10.0","os.features":["f"],
                           "features":["sse4"]}},
              {"digest":"%2$s","size":8,"platform":{"architecture":"unknown","os":"unknown"},
               "annotations":{"vnd.docker.reference.type":"attestation-manifest"}}]}
            """,
            """
            {"schemaVersion":2,"manifests":[]}
            """);

    @Test
    void manifestsReadAsTheMapperReadsThem() throws Exception {
        for (String template : MANIFESTS) {
            byte[] json = template.formatted(DIGEST, OTHER).getBytes(StandardCharsets.UTF_8);
            assertThat(ManifestJson.manifest((Map<?, ?>) ManifestJson.parse(json)))
                    .as(template).isEqualTo(ImageJson.read(json, ImageManifest.class));
        }
    }

    @Test
    void indexesReadAsTheMapperReadsThem() throws Exception {
        for (String template : INDEXES) {
            byte[] json = template.formatted(DIGEST, OTHER).getBytes(StandardCharsets.UTF_8);
            assertThat(ManifestJson.index((Map<?, ?>) ManifestJson.parse(json)))
                    .as(template).isEqualTo(ImageJson.read(json, ImageIndex.class));
        }
    }

    @Test
    void malformedShapesNameTheField() throws Exception {
        assertThatThrownBy(() -> ManifestJson.manifest((Map<?, ?>) ManifestJson.parse(bytes("{\"layers\":{}}"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("layers: expected an array");
        assertThatThrownBy(() -> ManifestJson.manifest((Map<?, ?>) ManifestJson.parse(
                bytes("{\"config\":{\"digest\":\"sha256:nothex\"}}"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("config.digest");
        assertThatThrownBy(() -> ManifestJson.manifest((Map<?, ?>) ManifestJson.parse(
                bytes("{\"config\":{\"size\":\"big\"}}"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size");
        assertThatThrownBy(() -> ManifestJson.parse(bytes("{\"a\":"))).isInstanceOf(java.io.IOException.class);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
