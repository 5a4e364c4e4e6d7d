package org.racker.runtime.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The resolv.conf of a container on a private network. With a private network nspawn leaves
 * the image's own file alone, which names whatever resolver the image was built with (a copy
 * of the build host's, or systemd-resolved's 127.0.0.53, which is the container's own
 * loopback then). slirp4netns's DNS forwarder at 10.0.2.3 relays to the host's resolver,
 * whichever it is, loopback ones included, so it is the one nameserver that always works;
 * the host's search domains and options are kept, as docker and podman do.
 */
final class ResolvConf {
    static final String FILE_NAME = "resolv.conf";
    static final String SLIRP_DNS = "10.0.2.3";
    static final Path HOST_FILE = Path.of("/etc/resolv.conf");

    private ResolvConf() { }

    static String forPrivateNetwork(String hostResolvConf) {
        List<String> lines = new ArrayList<>();
        lines.add("# written by racker: slirp4netns relays DNS to the host's resolver");
        lines.add("nameserver " + SLIRP_DNS);
        for (String line : hostResolvConf.lines().toList()) {
            String trimmed = line.strip();
            if (trimmed.startsWith("search ") || trimmed.startsWith("domain ") || trimmed.startsWith("options ")) {
                lines.add(trimmed);
            }
        }
        return String.join("\n", lines) + "\n";
    }

    /** Writes the file into the container's state directory, to be bound over /etc/resolv.conf. */
    static Path write(Path stateDir) throws IOException {
        String host = Files.isReadable(HOST_FILE) ? Files.readString(HOST_FILE, StandardCharsets.ISO_8859_1) : "";
        Path file = stateDir.resolve(FILE_NAME);
        Files.writeString(file, forPrivateNetwork(host), StandardCharsets.ISO_8859_1);
        return file;
    }
}
