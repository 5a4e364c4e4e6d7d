package org.racker.registry;

/** Told as a blob arrives, for progress bars. Called on the downloading thread; keep it cheap. */
@FunctionalInterface
public interface TransferListener {
    TransferListener NONE = (received, total) -> { };

    /** {@code received} bytes of {@code total} are verified-in-progress and written. */
    void progress(long received, long total);
}
