package org.racker.layer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link LayerStager} on its own: what it holds while it reads ahead of the extractor. */
class LayerStagerTest {
    @TempDir
    Path staging;

    @Test
    @Tag("security")
    void entriesQueuedAheadBoundedByTheMetadataTheyHold() throws Exception {
        // 40 entries, each named by a PAX path of a million bytes: within every header bound,
        // but a queue of 4096 such entries would hold gigabytes
        TarBuilder builder = new TarBuilder();
        for (int i = 0; i < 40; i++) {
            String name = "d" + i + "/" + "n".repeat(1_000_000);
            builder.paxForNext(Map.of("path", name.getBytes(StandardCharsets.US_ASCII))).file("f" + i, "x");
        }
        LayerStager stager = LayerStager.start(builder.layer("l1"), staging, 0, false);
        try {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (stager.queued() < 8 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(500); // time to queue more, were it allowed to
            assertThat(stager.queued()).as("entries of about 2 MB each within 16 MiB").isBetween(7, 8);
            assertThat(stager.next().name()).startsWith("d0/");
        } finally {
            stager.close();
        }
    }
}
