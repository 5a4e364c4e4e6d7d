package org.racker.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.racker.image.Digest;

class BlobHasherTest {
    @Test
    void libcryptoIsUsedWhereTheHostHasIt() {
        Assumptions.assumeTrue(Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libcrypto.so.3")), "no libcrypto 3");
        assertThat(BlobHasher.nativeAvailable()).isTrue();
    }

    @Test
    void sha256MatchesTheJdkOverOddSlices() throws Exception {
        byte[] data = new byte[3 * 256 * 1024 + 12345];
        new Random(7).nextBytes(data);
        assertThat(hash(BlobHasher.forDigest(Digest.sha256(new byte[0])), data))
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(data));
        assertThat(hash(BlobHasher.jdk(Digest.sha256(new byte[0])), data))
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(data));
    }

    @Test
    void emptyInput() throws Exception {
        assertThat(BlobHasher.forDigest(Digest.sha256(new byte[0])).finish())
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest());
    }

    private static byte[] hash(BlobHasher hasher, byte[] data) {
        int[] slices = {0, 1, 17, 65536, 256 * 1024, 256 * 1024 + 1, 3};
        int offset = 0;
        for (int i = 0; offset < data.length; i++) {
            int n = Math.min(slices[i % slices.length], data.length - offset);
            hasher.update(data, offset, n);
            offset += n;
        }
        return hasher.finish();
    }
}
