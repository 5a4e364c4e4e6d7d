package org.racker.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.racker.image.Digest;
import org.racker.image.ImageReference;
import org.racker.image.json.Descriptor;

/**
 * GET /v2/NAME/blobs/DIGEST
 * (https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-blobs),
 * streamed into the caller's output while hashing it. The content must be exactly the
 * descriptor's size and hash to its digest. When the connection drops, the next attempt asks
 * for the rest with a Range header; a server that ignores it sends the whole blob again and
 * the part already written is skipped, so the output sees every byte once.
 */
final class BlobPuller implements EndpointCall<Void> {
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");
    private static final int BUFFER = 256 * 1024; // the HttpClient hands over up to this much at a time

    private final ImageReference reference;
    private final Descriptor descriptor;
    private final OutputStream out;
    private final TransferListener listener;
    private final BlobHasher hasher;
    private long written;

    BlobPuller(ImageReference reference, Descriptor descriptor, OutputStream out, TransferListener listener) {
        this.reference = reference;
        this.descriptor = descriptor;
        this.out = out;
        this.listener = listener;
        this.hasher = BlobHasher.forDigest(descriptor.digest());
    }

    @Override
    public String action() {
        return "pulling blob " + descriptor.digest() + " of " + reference;
    }

    @Override
    public String path(RegistryEndpoint endpoint) {
        return "/v2/" + endpoint.repository() + "/blobs/" + descriptor.digest();
    }

    @Override
    public List<String> accept() {
        return List.of();
    }

    @Override
    public Map<String, String> headers() {
        return written > 0 ? Map.of("Range", "bytes=" + written + "-") : Map.of();
    }

    @Override
    public Void handle(HttpResponse<InputStream> response, String from) throws IOException, RegistryException {
        String what = action() + " " + from;
        long skip = 0;
        if (response.statusCode() == 206) {
            String range = response.headers().firstValue("Content-Range").orElse("");
            Matcher m = CONTENT_RANGE.matcher(range);
            if (!m.matches() || Long.parseLong(m.group(1)) != written) {
                throw new RegistryException(what + ": asked to resume at byte " + written
                        + " but the server sent the range \"" + range + "\"");
            }
        } else {
            skip = written; // the server sent it all again
        }
        InputStream in = response.body();
        byte[] buffer = new byte[BUFFER];
        long size = descriptor.size();
        int n;
        while ((n = in.read(buffer)) >= 0) {
            int offset = 0;
            if (skip > 0) {
                int skipped = (int) Math.min(skip, n);
                skip -= skipped;
                offset = skipped;
            }
            int length = n - offset;
            if (length == 0) {
                continue;
            }
            if (written + length > size) {
                throw new DigestMismatchException(what + ": digest mismatch: the registry sent more than the "
                        + size + " bytes of " + descriptor.digest(),
                        descriptor.digest(), null);
            }
            hasher.update(buffer, offset, length);
            try {
                out.write(buffer, offset, length);
            } catch (IOException e) {
                // Not a network failure: must not be retried.
                throw new RegistryException(what + ": cannot write it: " + e.getMessage(), e);
            }
            written += length;
            listener.progress(written, size);
        }
        if (skip > 0 || written < size) {
            throw new IOException("the connection ended after " + written + " of " + size + " bytes");
        }
        Digest actual = Digest.fromHash(descriptor.digest().algorithm(), hasher.finish());
        if (!actual.equals(descriptor.digest())) {
            throw new DigestMismatchException(what + ": digest mismatch: expected " + descriptor.digest()
                    + ", got " + actual + " (" + size + " bytes)", descriptor.digest(), actual);
        }
        return null;
    }

    @Override
    public RegistryException notFound(String from, String registryError) {
        return new RegistryNotFoundException(action() + " " + from + ": unknown blob: the registry has no blob "
                + descriptor.digest() + " in " + reference.name()
                + (registryError.isEmpty() ? "" : " (" + registryError + ")"));
    }
}
