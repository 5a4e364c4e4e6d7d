package org.racker.layer;

import java.nio.file.FileSystemException;
import java.util.Optional;
import org.racker.RackerException;

/**
 * A layer could not be applied: an unreadable or malformed tar stream, an entry the unpacker
 * refuses (unknown type, a whiteout that names nothing, a hardlink to a missing target, a
 * symlink loop), or a filesystem call that failed. The message names the layer and, when
 * there is one, the entry as it is spelled in the tar.
 */
public class LayerUnpackException extends RackerException {
    private final String layer;
    private final String entry;

    public LayerUnpackException(String layer, String entry, String problem, Throwable cause) {
        super(message(layer, entry, problem, cause), cause);
        this.layer = layer;
        this.entry = entry;
    }

    public LayerUnpackException(String layer, String entry, String problem) {
        this(layer, entry, problem, null);
    }

    /** The layer's name as its source gave it (usually its digest); empty before any layer. */
    public Optional<String> layer() {
        return Optional.ofNullable(layer);
    }

    /** The entry's name as it appears in the tar, when the failure concerns one entry. */
    public Optional<String> entry() {
        return Optional.ofNullable(entry);
    }

    private static String message(String layer, String entry, String problem, Throwable cause) {
        StringBuilder message = new StringBuilder("unpacking ");
        message.append(layer == null ? "image" : "layer " + layer);
        if (entry != null) {
            message.append(", entry ").append(entry);
        }
        message.append(": ").append(problem);
        String detail = detail(cause);
        if (detail != null && !problem.endsWith(detail)) {
            message.append(": ").append(detail);
        }
        return message.toString();
    }

    private static String detail(Throwable cause) {
        if (cause == null) {
            return null;
        }
        if (cause instanceof FileSystemException) {
            FileSystemException fs = (FileSystemException) cause;
            String reason = fs.getReason() != null ? fs.getReason() : fs.getClass().getSimpleName();
            return reason + " (" + fs.getFile() + ")";
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }
}
