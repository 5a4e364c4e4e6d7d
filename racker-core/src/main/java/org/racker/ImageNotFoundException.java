package org.racker;

/** No image in the store answers to the name or id the user gave. */
public class ImageNotFoundException extends RackerException {
    public ImageNotFoundException(String nameOrId) {
        super("no such image: " + nameOrId + " (racker images lists what is there; racker pull fetches it)");
    }
}
