package org.racker.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MediaTypeTest {
    @Test
    void kinds() {
        assertThat(MediaType.isIndex(MediaType.OCI_INDEX)).isTrue();
        assertThat(MediaType.isIndex(MediaType.DOCKER_MANIFEST_LIST)).isTrue();
        assertThat(MediaType.isManifest(MediaType.DOCKER_MANIFEST)).isTrue();
        assertThat(MediaType.isManifest(MediaType.OCI_INDEX)).isFalse();
        // layer compressions: org.racker.layer.LayerCompression.forMediaType, one table for all
        assertThat(org.racker.layer.LayerCompression.forMediaType(MediaType.DOCKER_LAYER_GZIP))
                .contains(org.racker.layer.LayerCompression.GZIP);
        assertThat(org.racker.layer.LayerCompression.forMediaType(MediaType.OCI_LAYER_ZSTD))
                .contains(org.racker.layer.LayerCompression.ZSTD);
        assertThat(org.racker.layer.LayerCompression.forMediaType(MediaType.OCI_LAYER_TAR))
                .contains(org.racker.layer.LayerCompression.NONE);
        assertThat(org.racker.layer.LayerCompression.forMediaType("text/plain")).isEmpty();
    }
}
