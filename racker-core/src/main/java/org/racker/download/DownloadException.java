package org.racker.download;

import org.racker.RackerException;

/** A file could not be fetched: bad URL, refused connection, an HTTP error. */
public class DownloadException extends RackerException {
    public DownloadException(String message) {
        super(message);
    }
}
