package org.racker.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.racker.api.Launcher;

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
        Launcher.writeNativeLibrary(Path.of(args[0]));
    }
}
