package org.racker.runtime.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The /etc/hosts every container gets, as docker gives one: localhost and the container's
 * own hostname resolve whatever the image has (a bootstrapped root often has no such file,
 * or one naming the machine it was built on), and {@code --add-host} lines come on top. It is
 * written into the container's state directory and bound over the image's file, which is
 * never touched, as {@link ResolvConf} is. With the host's network the host's own entries
 * come first, as docker copies them then.
 */
public final class EtcHosts {
    public static final String FILE_NAME = "hosts";
    static final Path HOST_FILE = Path.of("/etc/hosts");
    /** The container's address on slirp4netns's network (its --configure default). */
    static final String PRIVATE_ADDRESS = "10.0.2.100";
    /** Where Debian names a host without a fixed address: loopback, but not localhost's. */
    static final String LOOPBACK_ADDRESS = "127.0.1.1";

    private EtcHosts() { }

    static String content(String hostname, NetworkMode network, List<ExtraHost> extraHosts, String hostFile) {
        List<String> lines = new ArrayList<>();
        if (network == NetworkMode.HOST && !hostFile.isBlank()) {
            lines.addAll(hostFile.lines().toList());
        } else {
            lines.add("127.0.0.1\tlocalhost");
            lines.add("::1\tlocalhost ip6-localhost ip6-loopback");
            lines.add("fe00::0\tip6-localnet");
            lines.add("ff00::0\tip6-mcastprefix");
            lines.add("ff02::1\tip6-allnodes");
            lines.add("ff02::2\tip6-allrouters");
        }
        for (ExtraHost h : extraHosts) {
            lines.add(h.line());
        }
        lines.add((network == NetworkMode.PRIVATE ? PRIVATE_ADDRESS : LOOPBACK_ADDRESS) + "\t" + hostname);
        return String.join("\n", lines) + "\n";
    }

    /** Writes the file into the container's state directory, to be bound over /etc/hosts. */
    public static Path write(Path stateDir, String hostname, NetworkMode network, List<ExtraHost> extraHosts)
            throws IOException {
        String host = network == NetworkMode.HOST && Files.isReadable(HOST_FILE)
                ? Files.readString(HOST_FILE, StandardCharsets.ISO_8859_1) : "";
        Path file = stateDir.resolve(FILE_NAME);
        Files.writeString(file, content(hostname, network, extraHosts, host), StandardCharsets.ISO_8859_1);
        return file;
    }
}
