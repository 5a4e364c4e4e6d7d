package org.racker.cli;

import java.io.PrintWriter;
import java.util.function.Consumer;

/** The library's one-line notes (an image being pulled), printed as they come. */
final class Notices {
    private Notices() { }

    static Consumer<String> to(PrintWriter out) {
        return line -> {
            out.println(line);
            out.flush();
        };
    }
}
