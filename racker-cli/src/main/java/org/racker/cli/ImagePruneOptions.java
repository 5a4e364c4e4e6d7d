package org.racker.cli;

import picocli.CommandLine.Option;

/** What {@code image prune} and {@code system prune} both take. */
final class ImagePruneOptions {
    @Option(names = {"-a", "--all"}, description = "Remove every image no container was made from, not just untagged ones"
            + " (bootable images racker derived included).")
    boolean all;

    @Option(names = {"-f", "--force"}, description = "Do not ask for confirmation.")
    boolean force;

    /** docker's words for the images to go. */
    String images() {
        return all ? "all images without at least one container associated to them" : "all dangling images";
    }
}
