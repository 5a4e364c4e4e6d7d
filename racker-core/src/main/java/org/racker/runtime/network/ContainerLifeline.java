package org.racker.runtime.network;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.racker.nativeio.LibC;

/**
 * A FIFO that nspawn holds open, read-write, for exactly as long as it runs: a shell opens it
 * as fd 3 and then becomes nspawn, which keeps inherited descriptors until it exits. A helper
 * that opens the FIFO for reading sees a hang-up the moment the last writer is gone, that is
 * when nspawn ends, however it ends: poweroff, SIGKILL, or racker killed and nspawn following
 * through its parent-death signal. slirp4netns takes such a descriptor as {@code --exit-fd},
 * so it cannot outlive its container, even one that has outlived racker ({@code run -d}).
 *
 * <p>The FIFO lives in the container's state directory and is unlinked once both ends are
 * open; the open descriptors keep the pipe itself alive.
 */
final class ContainerLifeline {
    static final String FILE_NAME = "lifeline.fifo";
    static final int NSPAWN_FD = 3;

    private final Path fifo;

    private ContainerLifeline(Path fifo) {
        this.fifo = fifo;
    }

    static ContainerLifeline create(Path stateDir) throws IOException {
        Path fifo = stateDir.resolve(FILE_NAME);
        Files.deleteIfExists(fifo);
        try {
            LibC.load().mkfifo(fifo.toString(), 0600);
        } catch (LastErrorException e) {
            throw new IOException("cannot create " + fifo + ": errno " + e.getErrorCode(), e);
        }
        return new ContainerLifeline(fifo);
    }

    Path path() {
        return fifo;
    }

    /**
     * {@code command} (nspawn) prefixed with a shell that opens the FIFO as fd 3 and then execs
     * it: no process stays behind. Read-write, because opening a FIFO write-only would block
     * until a reader comes.
     */
    List<String> heldOpenBy(List<String> command) {
        List<String> args = new ArrayList<>(List.of("/bin/sh", "-c",
                "exec " + NSPAWN_FD + "<>\"$1\" || exit 125; shift; exec \"$@\"", "racker-lifeline", fifo.toString()));
        args.addAll(command);
        return args;
    }

    /** Once both ends are open, the name is no longer needed: nothing else can open it then. */
    void unlink() {
        try {
            Files.deleteIfExists(fifo);
        } catch (IOException e) {
            // the state directory goes with the container record anyway
        }
    }
}
