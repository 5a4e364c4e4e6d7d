package org.racker.registry;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.racker.image.Digest;

/**
 * Hashes a stream as it is read ({@link BlobHasher}, the same as a download's) and, at its
 * end, hands the digest to a check that may fail the read. The unpacker reads a layer's
 * uncompressed tar to its very end, so wrapping the decompressed stream gives the layer's
 * DiffID without a second pass over the data.
 */
public final class DigestingInputStream extends FilterInputStream {
    /** Called once, when the stream has ended; throws to fail the read that found the end. */
    @FunctionalInterface
    public interface EndCheck {
        void atEnd(Digest actual) throws IOException;
    }

    private final BlobHasher hasher;
    private final String algorithm;
    private final EndCheck check;
    private boolean ended;

    /** Hashes {@code in} with the algorithm of {@code like} (the digest it is to match). */
    public DigestingInputStream(InputStream in, Digest like, EndCheck check) {
        super(in);
        this.hasher = BlobHasher.forDigest(like);
        this.algorithm = like.algorithm();
        this.check = check;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (ended) {
            return -1;
        }
        int n = in.read(b, off, len);
        if (n > 0) {
            hasher.update(b, off, n);
        } else if (n < 0) {
            ended = true;
            check.atEnd(Digest.fromHash(algorithm, hasher.finish()));
        }
        return n;
    }

    /** Skipped bytes must be hashed too: read them. */
    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[(int) Math.min(n, 64 * 1024)];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
