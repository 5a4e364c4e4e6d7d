package org.racker.host;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Random bytes straight from the kernel, for container ids and work-directory names. Not
 * SecureRandom: its first use sets up the JCA provider framework and a SHA1PRNG, about 15 ms
 * of a cold JVM, on the path to starting nspawn; /dev/urandom is what it reads anyway.
 */
public final class KernelRandom {
    private KernelRandom() { }

    public static byte[] bytes(int count) {
        byte[] bytes = new byte[count];
        try (FileInputStream in = new FileInputStream("/dev/urandom")) {
            if (in.readNBytes(bytes, 0, count) != count) {
                throw new IOException("short read");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /dev/urandom", e);
        }
        return bytes;
    }
}
