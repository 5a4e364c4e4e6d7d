package org.racker.image.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.racker.image.Digest;
import org.racker.image.MediaType;
import org.racker.image.Platform;

class ImageJsonTest {
    private static final String A = "sha256:" + "a".repeat(64);
    private static final String B = "sha256:" + "b".repeat(64);

    private static byte[] json(String text) {
        return text.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsADockerManifest() throws Exception {
        ImageManifest m = ImageJson.read(json("{'schemaVersion':2,'mediaType':'" + MediaType.DOCKER_MANIFEST + "',"
                + "'config':{'mediaType':'" + MediaType.DOCKER_CONFIG + "','size':7023,'digest':'" + A + "'},"
                + "'layers':[{'mediaType':'" + MediaType.DOCKER_LAYER_GZIP + "','size':32654,'digest':'" + B + "'}],"
                + "'unknownField':{'x':1}}"), ImageManifest.class);
        assertThat(m.config().digest()).isEqualTo(Digest.parse(A));
        assertThat(m.config().size()).isEqualTo(7023);
        assertThat(m.layers()).singleElement().satisfies(l -> {
            assertThat(l.digest()).isEqualTo(Digest.parse(B));
            assertThat(l.mediaType()).isEqualTo(MediaType.DOCKER_LAYER_GZIP);
        });
    }

    @Test
    void readsAnIndexWithPlatforms() throws Exception {
        ImageIndex index = ImageJson.read(json("{'schemaVersion':2,'mediaType':'" + MediaType.OCI_INDEX + "',"
                + "'manifests':[{'mediaType':'" + MediaType.OCI_MANIFEST + "','size':1,'digest':'" + A + "',"
                + "'platform':{'architecture':'arm64','os':'linux','variant':'v8','os.features':['x']}},"
                + "{'mediaType':'" + MediaType.OCI_MANIFEST + "','size':2,'digest':'" + B + "',"
                + "'platform':{'architecture':'amd64','os':'linux'}}]}"), ImageIndex.class);
        assertThat(index.manifests()).hasSize(2);
        assertThat(index.manifests().get(0).platform().toPlatform()).isEqualTo(Platform.parse("linux/arm64"));
        assertThat(index.manifests().get(0).platform().osFeatures()).containsExactly("x");
        assertThat(index.manifests().get(1).platform().toPlatform()).isEqualTo(Platform.parse("linux/amd64"));
    }

    @Test
    void readsAConfig() throws Exception {
        ImageConfig config = ImageJson.read(json("{'created':'2024-06-01T12:00:00.123Z','architecture':'amd64',"
                + "'os':'linux','config':{'User':'app','Env':['PATH=/usr/bin','A=1'],'Entrypoint':['/entry'],"
                + "'Cmd':['run','--x'],'WorkingDir':'/srv','Labels':{'k':'v'}},"
                + "'rootfs':{'type':'layers','diff_ids':['" + A + "','" + B + "']},"
                + "'history':[{'created':'2024-06-01T12:00:00Z','created_by':'ADD x /'},"
                + "{'created_by':'CMD [\\'run\\']','empty_layer':true}]}"), ImageConfig.class);
        assertThat(config.createdInstant()).contains(Instant.parse("2024-06-01T12:00:00.123Z"));
        assertThat(config.config().user()).isEqualTo("app");
        assertThat(config.config().env()).containsExactly("PATH=/usr/bin", "A=1");
        assertThat(config.config().entrypoint()).containsExactly("/entry");
        assertThat(config.config().cmd()).containsExactly("run", "--x");
        assertThat(config.config().workingDir()).isEqualTo("/srv");
        assertThat(config.config().labels()).containsEntry("k", "v");
        assertThat(config.rootfs().diffIds()).containsExactly(Digest.parse(A), Digest.parse(B));
        assertThat(config.history()).hasSize(2);
        assertThat(config.history().get(1).emptyLayer()).isTrue();
        assertThat(config.history().get(1).createdInstant()).isEmpty();
    }

    @Test
    void writesBackWithoutNulls() throws Exception {
        ImageManifest m = ImageManifest.of(MediaType.OCI_MANIFEST, Descriptor.of(MediaType.OCI_CONFIG,
                Digest.parse(A), 3), java.util.List.of(Descriptor.of(MediaType.OCI_LAYER_GZIP, Digest.parse(B), 4)));
        String text = new String(ImageJson.write(m), StandardCharsets.UTF_8);
        assertThat(text).contains("\"digest\":\"" + A + "\"").doesNotContain("null").doesNotContain("annotations");
        assertThat(ImageJson.read(text.getBytes(StandardCharsets.UTF_8), ImageManifest.class)).isEqualTo(m);
    }

    @Test
    void malformedDigestFailsTheDocument() {
        assertThatThrownBy(() -> ImageJson.read(json("{'mediaType':'x','digest':'sha256:nothex','size':1}"),
                Descriptor.class)).isInstanceOf(IOException.class).hasMessageContaining("invalid digest");
    }

    @Test
    void prepareReadsAndWritesItsSamples() {
        ImageJson.prepare(); // throws if a sample no longer matches the records
    }
}
