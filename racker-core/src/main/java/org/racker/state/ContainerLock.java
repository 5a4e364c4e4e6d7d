package org.racker.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;

/**
 * An exclusive lock on one container's state (flock on {@code containers/ID/lock}), held
 * while a racker process changes what the container is: stopping, killing, reaping. Without
 * it a reaper in a third process could read the record just before a stop and mark the
 * container killed while it powers off cleanly.
 */
public final class ContainerLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    ContainerLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release a container lock", e);
        }
    }
}
