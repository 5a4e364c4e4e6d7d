package org.racker.distro;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvisionerTest {
    @Test
    void aptOptionsAreWrittenAsAptConfLines(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("99 racker");
        String step = Provisioner.aptConfigStep(List.of("Acquire::Check-Valid-Until \"false\"",
                "Acquire::Retries \"5\""), target.toString());
        assertThat(new ProcessBuilder("sh", "-c", step).inheritIO().start().waitFor()).isZero();
        assertThat(Files.readString(target)).isEqualTo("Acquire::Check-Valid-Until \"false\";\nAcquire::Retries \"5\";\n");
    }

    @Test
    void theLastMeaningfulLineOfALogSaysWhy(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("provision.log");
        Files.writeString(log, "E: Release file for http://deb.debian.org/debian/dists/sid/InRelease is expired\n\n"
                + "Attempted to remove disk file system under \"/run/systemd/nspawn/propagate/x\", and we can't allow that.\n");
        assertThat(org.racker.runtime.OfflineCommand.lastLine(log)).startsWith("E: Release file").endsWith("is expired");
        assertThat(BootstrapFetcher.hint(log)).contains("Acquire::Check-Valid-Until \"false\"");
    }

    @Test
    void anUnreachableMirrorIsNamedWhenTheInstallThenFails(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("provision.log");
        Files.writeString(log, """
                Err:1 http://127.0.0.1:9/debian bookworm InRelease
                  Could not connect to 127.0.0.1:9 (127.0.0.1). - connect (111: Connection refused)
                W: Failed to fetch http://127.0.0.1:9/debian/dists/bookworm/InRelease  Could not connect to 127.0.0.1:9
                W: Some index files failed to download. They have been ignored, or old ones used instead.
                E: Unable to locate package systemd
                """);
        assertThat(org.racker.runtime.OfflineCommand.lastLine(log)).isEqualTo("E: Unable to locate package systemd");
        assertThat(BootstrapFetcher.hint(log)).isEqualTo(" (the package lists could not be fetched: Failed to fetch"
                + " http://127.0.0.1:9/debian/dists/bookworm/InRelease Could not connect to 127.0.0.1:9)");
    }
}
