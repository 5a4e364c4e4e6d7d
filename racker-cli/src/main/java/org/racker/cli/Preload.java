package org.racker.cli;

import org.racker.api.Launcher;

/**
 * Work a launcher starts on a thread of its own before it parses its command line, for
 * commands that will need it: the machine's second core does it meanwhile. Only the
 * launchers' main methods use it, never the in-process entry points tests drive.
 */
final class Preload {
    private Preload() { }

    /**
     * JVM-wide settings for a launcher's JVM, made before anything runs; a value the user set
     * wins. A JVM that uses racker as a library keeps its own.
     * <ul>
     * <li>The JDK's HttpClient moves a body in buffers of {@code jdk.httpclient.bufsize} (16 kB
     * unless set), each through a chain of reactive stages: at 256 kB a layer costs about a
     * quarter less CPU with the launcher's C1-only JIT. Read once, when the client classes load.
     * <li>racker loads its native libraries by file name (libc.so.6, libcrypto.so.3), which
     * dlopen finds on its own; with an empty {@code jna.platform.library.path} JNA does not run
     * {@code ldconfig -p} to make its search path, one process less on every start. Read once,
     * when JNA's library class initialises.
     * <li>picocli registers converters for java.sql and java.time types by reflection when it
     * makes a command line, loading those modules' classes (and JDBC's driver lookup); no
     * racker option has such a type, so its documented exclusion property skips them.
     * <li>picocli's default factory looks up Groovy's closure class once; a class that is not
     * there sends the class loader through the JDK's modules and then the jar's whole index,
     * on every command. racker has no Groovy, so picocli's documented switch skips the lookup.
     * </ul>
     */
    static void launcherSettings() {
        setUnlessSet("jdk.httpclient.bufsize", Integer.toString(256 * 1024));
        setUnlessSet("jna.platform.library.path", "");
        setUnlessSet("picocli.converters.excludes", "java\\.sql\\..*,java\\.time\\..*");
        setUnlessSet("picocli.disable.closures", "true");
    }

    private static void setUnlessSet(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    /** The libc bindings a container's start needs (see {@link Launcher#preloadNativeCalls()}). */
    static void nativeCalls() {
        new NativeCallsPreload().start();
    }

    /**
     * A class of its own rather than a method reference: the first lambda a JVM links sets up
     * its method-handle machinery, milliseconds the main thread would spend before the
     * preload even started. The preload thread meets that set-up first instead.
     */
    private static final class NativeCallsPreload extends Thread {
        NativeCallsPreload() {
            super("racker-preload");
            setDaemon(true);
        }

        @Override
        public void run() {
            Launcher.preloadNativeCalls();
        }
    }
}
