package org.racker.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.racker.runtime.files.VolumeMount;
import org.racker.runtime.network.ExtraHost;
import org.racker.runtime.network.NetworkMode;
import org.racker.runtime.network.PortMapping;

class ContainerSpecFileTest {
    @TempDir
    Path dir;

    @Test
    void aKeptSpecReadsBackAsTheSameContainerDetached() throws Exception {
        ContainerSpec spec = ContainerSpec.builder(Path.of("/srv/roots/bookworm"))
                .name("web").image("debian:bookworm").command("sh", "-c", "echo \"$A\"")
                .env("A", "one=two three").env("we.ird", "").workingDirectory("/srv").user("nobody")
                .volume(new VolumeMount(Path.of("/host/with:colon"), "/data", true)).hostname("box")
                .removeOnExit(true).interactive(true).tty(true).mode(RunMode.BOOT).network(NetworkMode.PRIVATE)
                .bootTimeout(Duration.ofSeconds(90)).stopTimeout(Duration.ofSeconds(3))
                .maskedUnits(List.of("getty.target")).maskedGenerators(List.of("systemd-getty-generator"))
                .publish(new PortMapping("127.0.0.1", 0, 80, "tcp"))
                .addHost(new ExtraHost("db", "2001:db8::1")).tmpfs("/scratch:size=64m")
                .cidFile(dir.resolve("cid")).build();
        ContainerSpecFile.write(dir, spec);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(ContainerSpecFile.FILE)))).isEqualTo("rw-------");

        ContainerSpec read = ContainerSpecFile.read(dir).orElseThrow();
        assertThat(read).usingRecursiveComparison().ignoringFields("interactive", "tty", "detach", "cidFile")
                .isEqualTo(spec);
        assertThat(read.detach()).isTrue();
        assertThat(read.interactive() || read.tty()).as("a start attaches nothing").isFalse();
        assertThat(read.cidFile()).as("the id file was written once, at the first run").isNull();
    }

    @Test
    void noFileIsNoSpec() throws Exception {
        assertThat(ContainerSpecFile.read(dir)).isEmpty();
    }
}
