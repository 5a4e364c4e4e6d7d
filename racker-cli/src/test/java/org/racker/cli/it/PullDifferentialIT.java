package org.racker.cli.it;

import org.racker.testing.TestRootfs;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.racker.layer.TreeListing;
import org.racker.registry.LocalRegistry;
import org.racker.registry.OciLayout;

/**
 * The differential test on a real distribution: a Debian root in two layers, pushed to a
 * real registry with skopeo; `racker pull` must give exactly the tree `umoci raw unpack`
 * gives for the same image (paths, types, modes, owners, times, link targets, hardlinks,
 * content hashes, xattrs).
 */
@Tag("integration")
class PullDifferentialIT extends IsolatedRackerTest {
    @Test
    void aDebianRootInLayersUnpacksExactlyAsUmociDoes(@TempDir Path work) throws Exception {
        Path debian = TestRootfs.bookworm();
        OciLayout layout = OciLayout.create(work.resolve("layout"));
        TestImages.addTars(layout, "12", List.of(
                TestImages.tar(debian, List.of("--exclude=./usr/share", ".")),
                TestImages.tar(debian, List.of("./usr/share"))), Map.of("Cmd", List.of("bash")));
        try (LocalRegistry registry = LocalRegistry.builder(work.resolve("registry")).start()) {
            registry.seed(layout.dir(), "12", "diff/debian:12");
            RackerProcess.Result pull = racker.run("pull", "-q", registry.hostPort() + "/diff/debian:12");
            assertThat(pull.exitCode()).as(pull.toString()).isZero();
        }
        Path umoci = work.resolve("umoci-rootfs");
        Process p = new ProcessBuilder("umoci", "raw", "unpack", "--keep-dirlinks", "--image", layout.dir() + ":12",
                umoci.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        Path ours;
        try (var roots = java.nio.file.Files.list(state.resolve("images/roots"))) {
            ours = roots.findFirst().orElseThrow().resolve("rootfs");
        }
        List<String> expected = TreeListing.asRackerUnpacks(TreeListing.describe(umoci));
        assertThat(expected).hasSizeGreaterThan(5000);
        assertThat(TreeListing.describe(ours)).containsExactlyElementsOf(expected);
    }
}
