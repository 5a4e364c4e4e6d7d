package org.racker.runtime.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.racker.InvalidArgumentException;

class VolumeMountTest {
    @Test
    void readWriteByDefault() throws Exception {
        VolumeMount v = VolumeMount.parse("/srv/data:/data");
        assertThat(v).isEqualTo(new VolumeMount(Path.of("/srv/data"), "/data", false));
        assertThat(v.nspawnArgument()).isEqualTo("--bind=/srv/data:/data");
    }

    @Test
    void readOnlyOption() throws Exception {
        assertThat(VolumeMount.parse("/a:/b:ro").nspawnArgument()).isEqualTo("--bind-ro=/a:/b");
        assertThat(VolumeMount.parse("/a:/b:ro,Z").readOnly()).isTrue();
        assertThat(VolumeMount.parse("/a:/b:rw").readOnly()).isFalse();
    }

    @Test
    void pathsAreNormalised() throws Exception {
        assertThat(VolumeMount.parse("/a/./b/:/c/../d").containerPath()).isEqualTo("/d");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/only-one", "relative:/x", "/x:relative", "/x:/y:bogus", ":/y", "/x:", "/a:/b:ro:extra"})
    void malformedSpecsAreRefused(String spec) {
        assertThatThrownBy(() -> VolumeMount.parse(spec)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining(spec);
    }

    @Test
    void coversItsTargetAndBelowOnly() throws Exception {
        VolumeMount v = VolumeMount.parse("/h:/data");
        assertThat(v.covers("/data")).isTrue();
        assertThat(v.covers("/data/x/y")).isTrue();
        assertThat(v.covers("/database")).isFalse();
    }
}
