package org.racker.runtime.logs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Copies an app-mode container's stderr, which nspawn shares with its payload, to the user,
 * dropping the one message nspawn prints on hosts whose /run is not a tmpfs. Everything else
 * passes byte for byte; a partial line is held back only while it could still become that
 * message, so prompts and progress output are not delayed.
 */
public final class NspawnNoiseFilter implements Runnable {
    private static final byte[] NOISE_PREFIX =
            "Attempted to remove disk file system under \"/run/systemd/nspawn/propagate/".getBytes(StandardCharsets.UTF_8);
    private static final String NOISE_SUFFIX = "\", and we can't allow that.";

    private final InputStream in;
    private final OutputStream out;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    public NspawnNoiseFilter(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    @Override
    public void run() {
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    pending.write(buffer[i]);
                    if (buffer[i] == '\n') {
                        endLine();
                    }
                }
                if (!couldBeNoise(pending.toByteArray())) {
                    flushPending();
                }
                out.flush();
            }
            flushPending();
            out.flush();
        } catch (IOException e) {
            // The reader or the terminal went away; nothing left to deliver to.
        }
    }

    private void endLine() throws IOException {
        byte[] line = pending.toByteArray();
        pending.reset();
        if (!isNoise(line)) {
            out.write(line);
        }
    }

    private void flushPending() throws IOException {
        pending.writeTo(out);
        pending.reset();
    }

    static boolean isNoise(byte[] line) {
        String text = new String(line, StandardCharsets.UTF_8).stripTrailing();
        return couldBeNoise(line) && line.length > NOISE_PREFIX.length && text.endsWith(NOISE_SUFFIX);
    }

    /** Whether {@code bytes} is a prefix of the message or starts with the message's prefix. */
    static boolean couldBeNoise(byte[] bytes) {
        int n = Math.min(bytes.length, NOISE_PREFIX.length);
        for (int i = 0; i < n; i++) {
            if (bytes[i] != NOISE_PREFIX[i]) {
                return false;
            }
        }
        return bytes.length > 0;
    }
}
