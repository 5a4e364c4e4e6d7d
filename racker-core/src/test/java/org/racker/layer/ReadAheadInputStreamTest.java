package org.racker.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReadAheadInputStreamTest {
    @Test
    void readsEverythingInOrder() throws Exception {
        byte[] data = new byte[ReadAheadInputStream.CHUNK * ReadAheadInputStream.DEPTH * 3 + 123];
        new Random(9).nextBytes(data);
        try (InputStream in = new ReadAheadInputStream(new ByteArrayInputStream(data), "test")) {
            assertThat(in.readAllBytes()).isEqualTo(data);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void aFailureOfTheSourceReachesTheReaderWhereItHappened() throws Exception {
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("source broke");
            }
        };
        try (InputStream in = new ReadAheadInputStream(
                new SequenceInputStream(new ByteArrayInputStream(new byte[1000]), failing), "test")) {
            assertThat(in.readNBytes(1000)).hasSize(1000);
            assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessage("source broke");
        }
    }

    @Test
    void closeStopsTheReaderThreadAndClosesTheSource() throws Exception {
        boolean[] closed = {false};
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 7;
            }

            @Override
            public void close() {
                closed[0] = true;
            }
        };
        InputStream in = new ReadAheadInputStream(endless, "test");
        assertThat(in.read()).isEqualTo(7);
        in.close();
        assertThat(closed[0]).isTrue();
        assertThatThrownBy(in::read).isInstanceOf(IOException.class);
    }
}
