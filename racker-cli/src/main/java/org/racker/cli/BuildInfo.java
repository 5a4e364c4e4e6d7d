package org.racker.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What the build stamped into the jar: racker's version, the commit it was built from and
 * when, so that {@code --version} and {@code racker version} never disagree with the build.
 */
record BuildInfo(String version, String commit, String built) {
    static BuildInfo current() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // fall through to "unknown"
        }
        return new BuildInfo(stamped(p, "version"), stamped(p, "commit"), stamped(p, "built"));
    }

    /** A value the build filled in; an unfilled placeholder (a build outside git) is unknown. */
    private static String stamped(Properties p, String key) {
        String value = p.getProperty(key, "");
        return value.isBlank() || value.startsWith("${") ? "unknown" : value;
    }

    /** The machine's operating system and architecture in Go's words, as docker shows them. */
    static String osArch() {
        String arch = System.getProperty("os.arch");
        arch = switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> arch;
        };
        return System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT) + "/" + arch;
    }

    static String javaVersion() {
        return System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vm.name") + ")";
    }
}
