package org.racker.store;

import org.racker.fs.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A blob on its way into the store that the unpacker reads while it arrives. The download
 * writes a temporary file beside the blob's place ({@code .HEX.*.PID.TICKS.partial}, see
 * {@link ImageStore#removeAbandonedWork()}) and publishes how
 * far it got; a reader follows it, waiting at the published end. The reader sees the end of
 * the stream only once the download is verified and renamed into place, and fails when the
 * download fails: a reader never takes an unverified blob for a whole one. (It does see
 * unverified bytes: whoever unpacks them must not commit anything before {@link #await()}
 * has returned.)
 *
 * <p>Disk instead of memory between the two: the download runs at network speed however far
 * behind the unpacker is, and memory stays flat whatever the layer's size.
 */
final class BlobSpool {
    private enum State { RUNNING, STORED, FAILED }

    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long published;
    private State state = State.RUNNING;
    private Exception failure;

    private BlobSpool(Path target, Path temp, FileChannel channel) {
        this.target = target;
        this.temp = temp;
        this.channel = channel;
    }

    /** Starts the temporary file for the blob that will live at {@code target}. */
    static BlobSpool create(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ImageStore.partialSuffix());
        try {
            return new BlobSpool(target, temp, FileChannel.open(temp, StandardOpenOption.WRITE));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /** Where the download writes; each write is visible to readers once it returns. */
    OutputStream output() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                checkRunning();
                ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                lock.lock();
                try {
                    published += len;
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        };
    }

    /** The download is complete and verified: sync it and move it into place. */
    void store() throws IOException {
        lock.lock();
        try {
            checkRunning();
            channel.force(true);
            channel.close();
            // Under the lock: a reader opening the file sees it either here or there.
            AtomicFiles.moveIntoPlace(temp, target);
            state = State.STORED;
            changed.signalAll();
        } catch (IOException | RuntimeException e) {
            fail(e);
            throw e;
        } finally {
            lock.unlock();
        }
    }

    /** The download failed or was given up: readers fail with {@code cause}, the file goes. */
    void fail(Exception cause) {
        lock.lock();
        try {
            if (state != State.RUNNING) {
                return;
            }
            state = State.FAILED;
            failure = cause;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            channel.close();
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    /** Waits until the blob is stored; throws what made the download fail otherwise. */
    void await() throws Exception {
        lock.lock();
        try {
            while (state == State.RUNNING) {
                changed.await();
            }
            if (state == State.FAILED) {
                throw failure;
            }
        } finally {
            lock.unlock();
        }
    }

    /** A reader from the first byte, following the download. */
    InputStream follow() throws IOException {
        FileChannel in;
        lock.lock();
        try {
            if (state == State.FAILED) {
                throw new IOException("the download failed"
                        + (failure.getMessage() == null ? "" : ": " + failure.getMessage()), failure);
            }
            // Opened under the lock: the temporary file is renamed or deleted only under it.
            in = FileChannel.open(state == State.STORED ? target : temp, StandardOpenOption.READ);
        } finally {
            lock.unlock();
        }
        return new Follower(in);
    }

    private void checkRunning() throws IOException {
        lock.lock();
        try {
            if (state != State.RUNNING) {
                throw new IOException("the blob " + target.getFileName() + " is no longer being written", failure);
            }
        } finally {
            lock.unlock();
        }
    }

    private final class Follower extends InputStream {
        private final FileChannel in;
        private long position;

        Follower(FileChannel in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            long available = awaitData();
            if (available < 0) {
                return -1;
            }
            int n = in.read(ByteBuffer.wrap(b, off, (int) Math.min(len, available)), position);
            if (n > 0) {
                position += n;
            }
            return n;
        }

        /** Bytes published beyond {@link #position}, or -1 at the end of a stored blob. */
        private long awaitData() throws IOException {
            lock.lock();
            try {
                while (true) {
                    if (state == State.FAILED) {
                        throw new IOException("the download of " + target.getFileName() + " failed", failure);
                    }
                    if (position < published) {
                        return published - position;
                    }
                    if (state == State.STORED) {
                        return -1;
                    }
                    changed.await();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted waiting for the download of " + target.getFileName());
            } finally {
                lock.unlock();
            }
        }

        /**
         * Waits for data, unlike most streams: GZIPInputStream of some JDK builds looks for
         * another gzip member after a trailer only when this says more is coming
         * (JDK-7036144), and a download that has not got there yet must not end the layer.
         */
        @Override
        public int available() throws IOException {
            long available = awaitData();
            return available < 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, available);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
