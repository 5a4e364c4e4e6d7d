package org.racker.nativeio;

/**
 * JNA settings every place that loads a native library applies first. racker loads its
 * libraries by file name (libc.so.6, libcrypto.so.3), which dlopen finds on its own; without
 * these, JNA's first library lookup runs {@code ldconfig -p}, one more process on every boot.
 */
public final class JnaSettings {
    private JnaSettings() { }

    public static void apply() {
        if (System.getProperty("jna.platform.library.path") == null) {
            System.setProperty("jna.platform.library.path", "");
        }
    }
}
