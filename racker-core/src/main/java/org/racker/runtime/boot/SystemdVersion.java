package org.racker.runtime.boot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.racker.fs.RootedFiles;

/**
 * The version of the systemd in a root, read from the name of its shared library
 * (libsystemd-shared-NNN.so), which every distribution ships: no need to run anything.
 */
public final class SystemdVersion {
    /** systemd 258 dropped cgroup v1: it will not boot on a legacy or hybrid host. */
    public static final int NEEDS_UNIFIED_CGROUPS = 258;

    private static final Pattern SHARED = Pattern.compile("libsystemd-shared-(\\d+)(?:[.-][^/]*)?\\.so");
    private static final List<String> DIRS = List.of("usr/lib/systemd", "lib/systemd",
            "usr/lib/x86_64-linux-gnu/systemd", "usr/lib/aarch64-linux-gnu/systemd", "usr/lib64/systemd");

    private SystemdVersion() { }

    public static OptionalInt of(Path rootfs) {
        RootedFiles root = new RootedFiles(rootfs);
        for (String dir : DIRS) {
            try {
                for (String name : root.list(dir)) {
                    Matcher m = SHARED.matcher(name);
                    if (m.matches() && m.group(1).length() <= 6) {
                        return OptionalInt.of(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException e) {
                // unreadable: unknown
            }
        }
        return OptionalInt.empty();
    }

    static boolean parse(String fileName, int expected) {
        Matcher m = SHARED.matcher(fileName);
        return m.matches() && Integer.parseInt(m.group(1)) == expected;
    }
}
