package org.racker.fs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * An exclusive lock between racker processes on a lock file (fcntl, through
 * FileChannel.lock), released when closed or when the process dies, so a killed racker
 * never blocks the next one. Within one JVM the same file cannot be locked twice: callers
 * take it once per operation.
 */
public final class InterProcessLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private InterProcessLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Waits for the lock, making the file and its directory if needed. */
    public static InterProcessLock acquire(Path file) {
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + file, e);
        }
        return lockIn(file, true).orElseThrow(() -> new IllegalStateException(file + " is locked by this process already"));
    }

    /**
     * The lock on a file in a directory that may be gone (what it guards was removed): empty
     * then, and also when {@code wait} is false and another holder has it.
     */
    public static Optional<InterProcessLock> inExistingDirectory(Path file, boolean wait) {
        return lockIn(file, wait);
    }

    private static Optional<InterProcessLock> lockIn(Path file, boolean wait) {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + file, e);
        }
        try {
            FileLock lock = wait ? channel.lock() : channel.tryLock();
            if (lock != null) {
                return Optional.of(new InterProcessLock(channel, lock));
            }
        } catch (OverlappingFileLockException e) {
            // held by this process: as good as held by another
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock " + file, e);
        }
        closeQuietly(channel);
        return Optional.empty();
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // closing releases any lock in any case
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel below releases it in any case
        }
        closeQuietly(channel);
    }
}
