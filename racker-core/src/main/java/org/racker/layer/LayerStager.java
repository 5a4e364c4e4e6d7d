package org.racker.layer;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Reads one layer on threads of its own, ahead of the extractor that applies it: one
 * decompresses ({@link ReadAheadInputStream}), one walks the tar and writes each regular
 * file's data to a file of its own in a staging directory beside the root. The extractor then
 * takes the entries in order and, for a regular file, only renames the staged file into place.
 *
 * <p>Why: decompression is most of an unpack's CPU, and a layer's decompression cannot be
 * split. Staging lets the next layer decompress and write its data while this one is being
 * applied, so on two cores or more the layers of an image unpack side by side; only what
 * must be done in order (where each entry goes, whiteouts, links, metadata) stays in order.
 * A layer read ahead does so at a lower priority until it is the current one
 * ({@link BackgroundThreads}): it takes only what the current layer leaves idle.
 * Nothing is held in memory but a bounded queue of entries: file data goes to disk once, to
 * the same filesystem as the root, and is renamed, not copied. A staged file is anonymous
 * until renamed: entry names are checked by the extractor alone ({@link RootScope}).
 */
final class LayerStager implements TarLayerExtractor.Entries, AutoCloseable {
    /** Entries staged but not yet applied: bounds memory, not disk (data is on disk). */
    private static final int QUEUE = 4096;
    /**
     * Bytes of names and xattrs the queued entries may hold: a count of entries alone does not
     * bound memory when each carries up to a MiB of headers ({@link TarReader#MAX_HEADERS}).
     */
    private static final int METADATA_BUDGET = 16 * 1024 * 1024;
    private static final long JOIN_MILLIS = 10_000;
    private static final Set<OpenOption> CREATE_FILE = Set.of(StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);

    /** An entry with its staged data (null when it has none), or the failure the layer ended in. */
    private record Staged(TarEntry entry, Path data, LayerUnpackException failure, int weight) {
    }

    private static final Staged END = new Staged(null, null, null, 0);

    private final LayerSource layer;
    private final Path staging;
    private final String prefix;
    private final BlockingQueue<Staged> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Semaphore metadata = new Semaphore(METADATA_BUDGET);
    private final Thread thread;
    private final FilePermissions permissions = new FilePermissions();
    private final BackgroundThreads threads;
    private volatile boolean closed;
    private InputStream source;
    private Staged current;
    private boolean ended;

    private LayerStager(LayerSource layer, Path staging, int index, boolean ahead) {
        this.layer = layer;
        this.staging = staging;
        this.prefix = index + "-";
        this.threads = new BackgroundThreads(ahead);
        this.thread = new Thread(this::run, "racker-stage " + layer.name());
        thread.setDaemon(true);
    }

    /**
     * Starts reading layer number {@code index} into {@code staging} (a directory beside the
     * root); {@code ahead}: before it is needed, at a lower priority until {@link #promote()}.
     */
    static LayerStager start(LayerSource layer, Path staging, int index, boolean ahead) {
        LayerStager stager = new LayerStager(layer, staging, index, ahead);
        stager.thread.start();
        return stager;
    }

    /** Entries staged and waiting for the extractor. */
    int queued() {
        return queue.size();
    }

    /** The extractor has got to this layer: its threads get the normal priority back. */
    void promote() {
        threads.promote();
    }

    private void run() {
        String previous = null;
        String step = "opening the layer";
        TarEntry entry = null;
        long count = 0;
        threads.joined();
        try {
            synchronized (this) {
                if (closed) {
                    return;
                }
                source = new ReadAheadInputStream(layer.openTar(), layer.name(), threads::joined);
            }
            TarReader tar = new TarReader(source);
            while (true) {
                entry = null;
                step = previous == null ? "reading the tar stream" : "reading the tar stream after entry " + previous;
                entry = tar.next();
                if (entry == null) {
                    break;
                }
                Path data = null;
                if (isStaged(entry)) {
                    step = "writing the file";
                    data = staging.resolve(prefix + count++);
                    try (FileChannel out = FileChannel.open(data, CREATE_FILE, permissions.of(entry.mode()))) {
                        if (entry.isSparse()) {
                            tar.transferSparse(out, entry.sparse(), entry.realSize());
                        } else {
                            tar.transferTo(out);
                        }
                    }
                }
                int weight = weight(entry);
                metadata.acquire(weight);
                queue.put(new Staged(entry, data, null, weight));
                previous = entry.name();
            }
            entry = null;
            step = "reading the end of the tar stream";
            tar.drainToEnd();
            queue.put(END);
        } catch (InterruptedException e) {
            // closed
        } catch (Throwable e) { // an Error too: the extractor waits for this thread's word
            if (!closed) {
                fail(entry, step, e);
            }
        } finally {
            closeSource();
        }
    }

    /** Hands the failure to the extractor, which then reads nothing more from the queue. */
    private void fail(TarEntry entry, String step, Throwable e) {
        String name = entry == null ? null : entry.name();
        String doing = step;
        if (name == null && e instanceof TarFormatException format && format.entry().isPresent()) {
            name = format.entry().get();
            doing = "reading its headers";
        }
        String problem = e instanceof Error ? doing + ": " + e : doing; // OutOfMemoryError says little by itself
        queue.clear(); // room for the failure; the entries before it will not be applied
        queue.offer(new Staged(null, null, new LayerUnpackException(layer.name(), name, problem, e), 0));
    }

    /** Roughly what an entry holds in memory beyond its fixed fields. */
    private static int weight(TarEntry entry) {
        long bytes = 256 + 2L * (entry.name().length() + entry.linkName().length());
        for (Map.Entry<String, byte[]> xattr : entry.xattrs().entrySet()) {
            bytes += 2L * xattr.getKey().length() + xattr.getValue().length;
        }
        return (int) Math.min(bytes, METADATA_BUDGET);
    }

    /** Whether an entry's data is written ahead: regular files with data. */
    private static boolean isStaged(TarEntry entry) {
        boolean regular = entry.type() == TarEntry.NORMAL
                || (entry.type() == TarEntry.OLD_NORMAL && !entry.name().endsWith("/"));
        return regular && entry.realSize() > 0;
    }

    @Override
    public TarEntry next() throws LayerUnpackException {
        if (ended) {
            return null;
        }
        if (current != null) {
            metadata.release(current.weight());
        }
        try {
            current = take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LayerUnpackException(layer.name(), null, "interrupted");
        }
        if (current.failure() != null) {
            ended = true;
            throw current.failure();
        }
        if (current == END) {
            ended = true;
            return null;
        }
        return current.entry();
    }

    /**
     * The next staged entry. Should the reading thread end without a word (it always queues
     * the end or its failure, but an Error can strike anywhere), this fails rather than wait
     * forever.
     */
    private Staged take() throws InterruptedException, LayerUnpackException {
        while (true) {
            Staged staged = queue.poll(1, TimeUnit.SECONDS);
            if (staged != null) {
                return staged;
            }
            if (!thread.isAlive()) {
                staged = queue.poll();
                if (staged == null) {
                    throw new LayerUnpackException(layer.name(), null, "the thread reading the layer ended unexpectedly");
                }
                return staged;
            }
        }
    }

    /**
     * Renames the staged data of the current entry to {@code path}, never over anything (an
     * empty file is created there instead when the entry has no data).
     */
    @Override
    public void createFile(TarEntry entry, Path path, FileAttribute<?> mode) throws IOException {
        Path data = current.data();
        if (data == null) {
            FileChannel.open(path, CREATE_FILE, mode).close();
            return;
        }
        try {
            PosixCalls.renameat2(PosixCalls.AT_FDCWD, PosixCalls.cString(data), PosixCalls.AT_FDCWD,
                    PosixCalls.cString(path), PosixCalls.RENAME_NOREPLACE);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == PosixCalls.EEXIST) {
                throw new FileAlreadyExistsException(path.toString());
            }
            if (e.getErrorCode() != PosixCalls.EINVAL) {
                throw new IOException("cannot rename the staged data to " + path + " (errno " + e.getErrorCode() + ")");
            }
            // a filesystem without RENAME_NOREPLACE: check, then rename
            if (RootScope.lstat(path) != null) {
                throw new FileAlreadyExistsException(path.toString());
            }
            Files.move(data, path);
        }
    }

    @Override
    public void finish() {
        // the stager read the stream to its end before it queued END
    }

    /** Stops the threads and closes the layer; staged files stay for the caller to remove. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeSource();
    }

    private synchronized void closeSource() {
        if (source != null) {
            try {
                source.close();
            } catch (IOException | RuntimeException e) {
                // reading is over either way
            }
            source = null;
        }
    }
}
