package org.racker.distro;

import java.nio.file.Path;
import org.racker.RackerException;
import org.racker.image.ImageReference;
import org.racker.image.Platform;
import org.racker.layer.LayerUnpacker;
import org.racker.registry.RegistriesConfig;
import org.racker.registry.RegistryClient;
import org.racker.EventLog;
import org.racker.store.ImagePuller;
import org.racker.store.ImageStore;
import org.racker.store.PullProgress;
import org.racker.store.StoredImage;

/**
 * Where a state root's images come from: its image store, the registry client and the
 * pullers, for registry images and curated ones, wired as every image operation needs them.
 */
public final class ImageSources {
    private final Path root;
    private final ImageStore store;
    private final EventLog log;
    private final boolean tlsVerify;

    /** @param tlsVerify whether registries' certificates are verified when pulling */
    public ImageSources(Path root, EventLog log, boolean tlsVerify) {
        this.root = root;
        this.store = new ImageStore(root);
        this.log = log;
        this.tlsVerify = tlsVerify;
    }

    public Path root() {
        return root;
    }

    public ImageStore store() {
        return store;
    }

    public ImagePuller puller() throws RackerException {
        RegistryClient client = RegistryClient.builder()
                .registriesConfig(RegistriesConfig.loadDefault())
                .tlsVerify(tlsVerify)
                .eventLog(log)
                .build();
        return new ImagePuller(store, client, new LayerUnpacker(), log);
    }

    public StoredImage pull(ImageReference reference, Platform platform, PullProgress progress) throws RackerException {
        return puller().pull(reference, platform, progress);
    }

    public CuratedImageStore curated() {
        return new CuratedImageStore(root);
    }

    public CuratedImagePuller curatedPuller() throws RackerException {
        return new CuratedImagePuller(curated(), store, puller(), log);
    }
}
