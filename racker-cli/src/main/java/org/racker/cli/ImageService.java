package org.racker.cli;

import java.io.PrintWriter;
import org.racker.RackerException;
import org.racker.image.ImageReference;
import org.racker.image.Platform;
import org.racker.layer.LayerUnpacker;
import org.racker.registry.RegistriesConfig;
import org.racker.registry.RegistryClient;
import org.racker.runtime.EventLog;
import org.racker.store.ImagePuller;
import org.racker.store.ImageStore;
import org.racker.store.StoredImage;

/** The store, the registry client and the puller, wired as every image command needs them. */
final class ImageService {
    private final ImageStore store;
    private final EventLog log;
    private final boolean tlsVerify;

    private final java.nio.file.Path root;

    ImageService(GlobalOptions global, EventLog log, boolean tlsVerify) {
        this.root = global.root;
        this.store = new ImageStore(global.root);
        this.log = log;
        this.tlsVerify = tlsVerify;
    }

    java.nio.file.Path root() {
        return root;
    }

    ImageStore store() {
        return store;
    }

    ImagePuller puller() throws RackerException {
        RegistryClient client = RegistryClient.builder()
                .registriesConfig(RegistriesConfig.loadDefault())
                .tlsVerify(tlsVerify)
                .eventLog(log)
                .build();
        return new ImagePuller(store, client, new LayerUnpacker(), log);
    }

    StoredImage pull(ImageReference reference, Platform platform, PrintWriter progressOut, boolean quiet)
            throws RackerException {
        return puller().pull(reference, platform,
                quiet ? org.racker.store.PullProgress.SILENT : PullProgressPrinter.to(progressOut));
    }

    org.racker.distro.CuratedImageStore curated() {
        return new org.racker.distro.CuratedImageStore(root);
    }

    org.racker.distro.CuratedImagePuller curatedPuller() throws RackerException {
        return new org.racker.distro.CuratedImagePuller(curated(), store, puller(), log);
    }
}
