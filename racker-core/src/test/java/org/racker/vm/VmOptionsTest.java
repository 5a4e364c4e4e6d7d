package org.racker.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.racker.InvalidArgumentException;

class VmOptionsTest {
    @Test
    void memoryInDockersSyntax() throws Exception {
        assertThat(VmOptions.parseMemory("512m")).isEqualTo(512);
        assertThat(VmOptions.parseMemory("2g")).isEqualTo(2048);
        assertThat(VmOptions.parseMemory("1G")).isEqualTo(1024);
        assertThat(VmOptions.parseMemory("262144k")).isEqualTo(256);
        assertThat(VmOptions.parseMemory("268435456")).isEqualTo(256);
    }

    @Test
    void tooLittleOrUnreadableMemoryRefused() {
        assertThatThrownBy(() -> VmOptions.parseMemory("64m")).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("at least 128m");
        assertThatThrownBy(() -> VmOptions.parseMemory("lots")).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("512m");
    }
}
