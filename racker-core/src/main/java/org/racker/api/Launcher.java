package org.racker.api;

import com.sun.jna.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.racker.fs.AtomicFiles;
import org.racker.nativeio.NativeCalls;

/**
 * What a program that ships racker (a launcher's main, an installer) may do for it ahead of
 * time. The library never does these on its own: each touches the whole JVM or the
 * installation, which is the embedding program's to decide.
 */
public final class Launcher {
    private Launcher() { }

    /**
     * Loads racker's libc bindings ahead of their first use, on the calling thread. A launcher
     * that knows its command will start a container calls this from a thread of its own at
     * start, so that JNA's set-up runs on another core while the command line is parsed. Any
     * failure is left to the bindings' first real use, which reports it with its context.
     */
    public static void preloadNativeCalls() {
        NativeCalls.preload();
    }

    /**
     * Copies JNA's native library for this machine out of the class path into
     * {@code directory}, under the path JNA looks for it by ({@code com/sun/jna/<platform>/}),
     * so that a launcher pointing {@code jna.boot.library.path} at the file's directory spares
     * JNA a copy to a temporary file at every start. An installer runs it, so a package needs no machine code
     * of its own.
     *
     * @return the file written
     * @throws IOException when the class path holds no library for this machine, or the file cannot be written
     */
    public static Path writeNativeLibrary(Path directory) throws IOException {
        String resource = "com/sun/jna/" + Platform.RESOURCE_PREFIX + "/" + System.mapLibraryName("jnidispatch");
        byte[] library;
        try (InputStream in = Launcher.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("racker.jar holds no " + resource + " for this machine");
            }
            library = in.readAllBytes();
        }
        Path target = directory.resolve(resource);
        Files.createDirectories(target.getParent());
        AtomicFiles.write(target, library);
        return target;
    }
}
