package org.racker.layer;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads a stream on a thread of its own, a few chunks ahead of the reader: a layer's
 * decompression (and, during a pull, the wait for its download) then runs on one core while
 * its tar is walked on another. Decompressing is most of the CPU an unpack needs, so keeping
 * it off the walking thread is most of what running on two cores can gain for one layer.
 * Memory stays bounded: at most {@link #DEPTH} chunks of {@link #CHUNK} bytes are in flight.
 *
 * <p>The source is read to its end, as the unpacker needs it. A failure of the source is
 * thrown to the reader at the point where it happened; closing stops the thread and closes
 * the source.
 */
final class ReadAheadInputStream extends InputStream {
    static final int CHUNK = 256 * 1024;
    static final int DEPTH = 8;
    private static final long JOIN_MILLIS = 10_000;

    /** A chunk of data, or the end ({@code length < 0}), or a failure. */
    private record Chunk(byte[] data, int length, Throwable failure) {
    }

    private static final Chunk END = new Chunk(null, -1, null);

    private final InputStream source;
    private final BlockingQueue<Chunk> filled = new ArrayBlockingQueue<>(DEPTH + 2);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(DEPTH + 2);
    private final Thread reader;
    private final Runnable onStart;
    private Chunk current;
    private int position;
    private volatile boolean closed;

    ReadAheadInputStream(InputStream source, String name) {
        this(source, name, () -> { });
    }

    /** {@code onStart} runs first on the reading thread (to set its priority, say). */
    ReadAheadInputStream(InputStream source, String name, Runnable onStart) {
        this.source = source;
        this.onStart = onStart;
        for (int i = 0; i < DEPTH; i++) {
            free.add(new byte[CHUNK]);
        }
        this.reader = new Thread(this::fill, "racker-read-ahead " + name);
        reader.setDaemon(true);
        reader.start();
    }

    private void fill() {
        try {
            onStart.run();
            while (!closed) {
                byte[] buffer = free.take();
                int length = 0;
                Throwable failure = null;
                try {
                    while (length < buffer.length) {
                        int n = source.read(buffer, length, buffer.length - length);
                        if (n < 0) {
                            break;
                        }
                        length += n;
                    }
                } catch (IOException | RuntimeException | Error e) {
                    failure = e;
                }
                if (length > 0) {
                    filled.put(new Chunk(buffer, length, null)); // what came before the failure, first
                }
                if (failure != null) {
                    if (!closed) {
                        filled.put(new Chunk(null, -1, failure));
                    }
                    return;
                }
                if (length < buffer.length) {
                    filled.put(END);
                    return;
                }
            }
        } catch (InterruptedException e) {
            // closed
        } catch (Throwable e) { // anything else too: the reader waits for this thread's word
            if (!closed) {
                filled.offer(new Chunk(null, -1, e)); // when full, the reader finds this thread gone after the rest
            }
        }
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
        if (!next()) {
            return -1;
        }
        int n = Math.min(len, current.length() - position);
        System.arraycopy(current.data(), position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = 0;
        while (skipped < n && next()) {
            int step = (int) Math.min(n - skipped, current.length() - position);
            position += step;
            skipped += step;
        }
        return skipped;
    }

    @Override
    public int available() {
        return current == null || current.length() < 0 ? 0 : current.length() - position;
    }

    /** Makes {@link #current} a chunk with unread data; false at the end. */
    private boolean next() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        while (current == null || (current.length() >= 0 && position == current.length())) {
            if (current != null) {
                free.offer(current.data());
            }
            try {
                current = take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading ahead");
            }
            position = 0;
        }
        if (current.failure() != null) {
            Throwable failure = current.failure();
            if (failure instanceof IOException io) {
                throw io;
            }
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw (Error) failure;
        }
        return current.length() >= 0;
    }

    /**
     * The next chunk. A reading thread that died of something it could not even hand over
     * (an OutOfMemoryError while queueing it, say) fails the reader instead of leaving it
     * waiting forever.
     */
    private Chunk take() throws InterruptedException, IOException {
        while (true) {
            Chunk chunk = filled.poll(1, TimeUnit.SECONDS);
            if (chunk != null) {
                return chunk;
            }
            if (!reader.isAlive()) {
                chunk = filled.poll(); // what it queued just before it ended
                if (chunk == null) {
                    throw new IOException("the thread reading ahead ended unexpectedly");
                }
                return chunk;
            }
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        reader.interrupt();
        try {
            reader.join(JOIN_MILLIS); // sources here block interruptibly; closing frees the others
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            source.close();
        }
    }
}
