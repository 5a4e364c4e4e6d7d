package org.racker.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MediaTypeTest {
    @Test
    void kindsAndCompressions() {
        assertThat(MediaType.isIndex(MediaType.OCI_INDEX)).isTrue();
        assertThat(MediaType.isIndex(MediaType.DOCKER_MANIFEST_LIST)).isTrue();
        assertThat(MediaType.isManifest(MediaType.DOCKER_MANIFEST)).isTrue();
        assertThat(MediaType.isManifest(MediaType.OCI_INDEX)).isFalse();
        assertThat(MediaType.layerCompression(MediaType.DOCKER_LAYER_GZIP)).isEqualTo(MediaType.Compression.GZIP);
        assertThat(MediaType.layerCompression(MediaType.OCI_LAYER_ZSTD)).isEqualTo(MediaType.Compression.ZSTD);
        assertThat(MediaType.layerCompression(MediaType.OCI_LAYER_TAR)).isEqualTo(MediaType.Compression.NONE);
        assertThat(MediaType.layerCompression("text/plain")).isEqualTo(MediaType.Compression.UNKNOWN);
    }
}
