package org.racker.cli;

import com.sun.jna.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.racker.fs.AtomicFiles;

/**
 * Puts JNA's native library for this machine beside the installed jar, where the launcher
 * points JNA at it; otherwise JNA copies it out of the jar into a temporary file on every
 * start. The package runs this at install, so it ships no machine code of its own and stays
 * architecture-independent: {@code NativeLibraryFile DIRECTORY} (the launcher's {@code jna/}).
 */
public final class NativeLibraryFile {
    private NativeLibraryFile() { }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: NativeLibraryFile DIRECTORY");
        }
        String resource = "com/sun/jna/" + Platform.RESOURCE_PREFIX + "/" + System.mapLibraryName("jnidispatch");
        byte[] library;
        try (InputStream in = NativeLibraryFile.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("racker.jar holds no " + resource + " for this machine");
            }
            library = in.readAllBytes();
        }
        Path target = Path.of(args[0]).resolve(resource);
        Files.createDirectories(target.getParent());
        AtomicFiles.write(target, library);
    }
}
