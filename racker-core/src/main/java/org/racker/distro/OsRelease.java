package org.racker.distro;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.racker.fs.RootedFiles;

/**
 * A root's /etc/os-release (os-release(5)): which distribution it is, and so which family
 * of package manager provisions it.
 */
public record OsRelease(String id, List<String> idLike, String versionId, String prettyName) {

    /** os-release files are a few hundred bytes; one far larger is not one. */
    private static final int SIZE_LIMIT = 64 << 10;

    /**
     * The os-release of {@code rootfs}, read inside it (its symlinks resolved there); empty
     * when it has none, or only something else than a regular file under that name.
     */
    public static Optional<OsRelease> of(Path rootfs) {
        RootedFiles root = new RootedFiles(rootfs);
        try {
            Optional<byte[]> file = root.readRegularFile("/etc/os-release", SIZE_LIMIT);
            if (file.isEmpty()) {
                file = root.readRegularFile("/usr/lib/os-release", SIZE_LIMIT);
            }
            return file.map(b -> parse(new String(b, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static OsRelease parse(String text) {
        Map<String, String> values = new HashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq <= 0 || line.startsWith("#")) {
                continue;
            }
            String value = line.substring(eq + 1).trim();
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                    || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1).replace("\\\"", "\"");
            }
            values.put(line.substring(0, eq).trim(), value);
        }
        String like = values.getOrDefault("ID_LIKE", "");
        return new OsRelease(values.getOrDefault("ID", "linux"),
                like.isBlank() ? List.of() : Arrays.asList(like.trim().split("\\s+")),
                values.getOrDefault("VERSION_ID", ""), values.getOrDefault("PRETTY_NAME", "Linux"));
    }

    /** The package manager this distribution uses, from its id or the ids it is like. */
    public Optional<PackageManager> packageManager() {
        for (String candidate : ids()) {
            switch (candidate) {
                case "debian", "ubuntu" -> { return Optional.of(PackageManager.APT); }
                case "fedora", "rhel", "centos", "rocky", "almalinux", "ol", "amzn" -> {
                    return Optional.of(PackageManager.DNF);
                }
                case "suse", "opensuse", "sles", "opensuse-tumbleweed", "opensuse-leap" -> {
                    return Optional.of(PackageManager.ZYPPER);
                }
                case "arch" -> { return Optional.of(PackageManager.PACMAN); }
                default -> { }
            }
        }
        return Optional.empty();
    }

    private List<String> ids() {
        List<String> all = new java.util.ArrayList<>();
        all.add(id);
        all.addAll(idLike);
        return all;
    }
}
