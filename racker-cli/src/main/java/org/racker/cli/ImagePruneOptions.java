package org.racker.cli;

/** What {@code image prune} and {@code system prune} both take. */
final class ImagePruneOptions {
    boolean all;

    boolean force;

    CommandModel declareOn(CommandModel command) {
        return command
                .add(CommandModel.flag(v -> all = v, "-a", "--all").description("Remove every image no container was"
                        + " made from, not just untagged ones (bootable images racker derived included)."))
                .add(CommandModel.flag(v -> force = v, "-f", "--force").description("Do not ask for confirmation."));
    }

    /** docker's words for the images to go. */
    String images() {
        return all ? "all images without at least one container associated to them" : "all dangling images";
    }
}
