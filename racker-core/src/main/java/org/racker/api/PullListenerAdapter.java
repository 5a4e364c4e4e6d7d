package org.racker.api;

import org.racker.image.json.Descriptor;
import org.racker.store.PullProgress;
import org.racker.store.StoredImage;

/** A {@link PullListener} as the image store's puller takes it: the store's types become text. */
record PullListenerAdapter(PullListener listener) implements PullProgress {
    static PullProgress of(PullListener listener) {
        return listener == PullListener.SILENT ? PullProgress.SILENT : new PullListenerAdapter(listener);
    }

    @Override
    public void resolved(String reference, String manifestDigest, int layers) {
        listener.resolved(reference, manifestDigest, layers);
    }

    @Override
    public void layerExists(Descriptor layer) {
        listener.layerExists(layer.digest().toString(), layer.size());
    }

    @Override
    public void layerDownloading(Descriptor layer, long received, long total) {
        listener.layerDownloading(layer.digest().toString(), received, total);
    }

    @Override
    public void layerDownloaded(Descriptor layer) {
        listener.layerDownloaded(layer.digest().toString(), layer.size());
    }

    @Override
    public void unpacking(int layers) {
        listener.unpacking(layers);
    }

    @Override
    public void done(StoredImage image, boolean alreadyPresent) {
        listener.done(image.source(), image.manifestDigest().toString(), alreadyPresent);
    }
}
