package org.racker.registry;

import java.util.Optional;
import org.racker.image.Digest;
import org.racker.image.ImageReference;
import org.racker.image.Platform;
import org.racker.image.json.ImageManifest;

/**
 * An image reference resolved to one image manifest: through an index for the chosen
 * platform when the reference names an index ({@code index} present), or directly.
 */
public record ResolvedImage(ImageReference reference, Optional<PulledManifest> index, PulledManifest manifest,
        Platform platform) {

    public ImageManifest imageManifest() {
        return manifest.manifest();
    }

    /**
     * The digest the reference resolves to in the registry, what docker shows as RepoDigest:
     * the index's when there is one, else the manifest's. {@code name@repoDigest} pulls the
     * same image again.
     */
    public Digest repoDigest() {
        return index.map(PulledManifest::digest).orElse(manifest.digest());
    }
}
