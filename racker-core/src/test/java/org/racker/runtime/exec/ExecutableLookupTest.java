package org.racker.runtime.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.racker.fs.RootedFiles;
import org.racker.runtime.files.VolumeMount;

class ExecutableLookupTest {
    @TempDir
    Path root;

    ExecutableLookup lookup;

    @BeforeEach
    void tree() throws Exception {
        Files.createDirectories(root.resolve("usr/bin"));
        Files.createSymbolicLink(root.resolve("bin"), Path.of("usr/bin"));
        Files.writeString(root.resolve("usr/bin/tool"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(root.resolve("usr/bin/tool"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(root.resolve("usr/bin/data"), "");
        Files.createSymbolicLink(root.resolve("usr/bin/abs-link"), Path.of("/usr/bin/tool"));
        lookup = new ExecutableLookup(new RootedFiles(root), List.of());
    }

    @Test
    void foundOnPathAndByAbsolutePathThroughSymlinks() {
        assertThat(lookup.lookup("tool", ExecutableLookup.DEFAULT_PATH)).isEqualTo(ExecutableLookup.Outcome.FOUND);
        assertThat(lookup.lookup("/bin/tool", "")).isEqualTo(ExecutableLookup.Outcome.FOUND);
        assertThat(lookup.lookup("/usr/bin/abs-link", "")).isEqualTo(ExecutableLookup.Outcome.FOUND);
    }

    @Test
    void missingAndNotExecutable() {
        assertThat(lookup.lookup("nope", ExecutableLookup.DEFAULT_PATH)).isEqualTo(ExecutableLookup.Outcome.NOT_FOUND);
        assertThat(lookup.lookup("/usr/bin/data", "")).isEqualTo(ExecutableLookup.Outcome.NOT_EXECUTABLE);
        assertThat(lookup.lookup("/usr", "")).isEqualTo(ExecutableLookup.Outcome.NOT_EXECUTABLE);
        // a non-executable file on PATH is skipped, as execvp skips it
        assertThat(lookup.lookup("data", ExecutableLookup.DEFAULT_PATH)).isEqualTo(ExecutableLookup.Outcome.NOT_FOUND);
    }

    @Test
    void pathsOnVolumesAreLeftToTheContainer() throws Exception {
        ExecutableLookup withVolume = new ExecutableLookup(new RootedFiles(root),
                List.of(VolumeMount.parse("/host:/opt/tools")));
        assertThat(withVolume.lookup("/opt/tools/run.sh", "")).isEqualTo(ExecutableLookup.Outcome.FOUND);
    }
}
