package org.racker.image;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A content digest, {@code algorithm:hex}, as the OCI image spec defines it
 * (https://github.com/opencontainers/image-spec/blob/main/descriptor.md#digests). Only the
 * registered algorithms sha256 and sha512 are accepted, with lower-case hex of their exact
 * length, which is what go-digest's {@code Validate} (and so docker) enforces.
 */
public final class Digest {
    /** Registered algorithm name to its JDK name and hex length. */
    private static final Map<String, Algorithm> ALGORITHMS = Map.of(
            "sha256", new Algorithm("SHA-256", 64),
            "sha512", new Algorithm("SHA-512", 128));

    private static final Pattern GRAMMAR =
            Pattern.compile("[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+");
    private static final Pattern LOWER_HEX = Pattern.compile("[a-f0-9]+");

    private record Algorithm(String jdkName, int hexLength) { }

    private final String algorithm;
    private final String hex;

    private Digest(String algorithm, String hex) {
        this.algorithm = algorithm;
        this.hex = hex;
    }

    public static Digest parse(String text) throws InvalidImageReferenceException {
        if (text == null || !GRAMMAR.matcher(text).matches()) {
            throw new InvalidImageReferenceException("invalid digest \"" + text
                    + "\": expected ALGORITHM:HEX, e.g. sha256:<64 hex digits>");
        }
        int colon = text.indexOf(':');
        return of(text.substring(0, colon), text.substring(colon + 1));
    }

    public static Digest of(String algorithm, String hex) throws InvalidImageReferenceException {
        Algorithm known = ALGORITHMS.get(algorithm);
        String text = algorithm + ":" + hex;
        if (known == null) {
            throw new InvalidImageReferenceException("invalid digest \"" + text
                    + "\": unsupported algorithm \"" + algorithm + "\" (supported: sha256, sha512)");
        }
        if (hex.length() != known.hexLength()) {
            throw new InvalidImageReferenceException("invalid digest \"" + text + "\": " + algorithm
                    + " needs " + known.hexLength() + " hex digits, got " + hex.length());
        }
        if (!LOWER_HEX.matcher(hex).matches()) {
            throw new InvalidImageReferenceException("invalid digest \"" + text
                    + "\": the hex part must be lower-case hexadecimal");
        }
        return new Digest(algorithm, hex);
    }

    /** The sha256 digest of {@code content}. */
    public static Digest sha256(byte[] content) {
        return fromHash("sha256", newMessageDigest("sha256").digest(content));
    }

    /** The digest whose hash {@link #newMessageDigest()} computed. */
    public static Digest fromHash(String algorithm, byte[] hash) {
        Algorithm known = ALGORITHMS.get(algorithm);
        if (known == null || hash.length * 2 != known.hexLength()) {
            throw new IllegalArgumentException("not a " + algorithm + " hash");
        }
        return new Digest(algorithm, HexFormat.of().formatHex(hash));
    }

    public String algorithm() {
        return algorithm;
    }

    public String hex() {
        return hex;
    }

    /** A fresh hasher for this digest's algorithm, to verify content as it streams. */
    public MessageDigest newMessageDigest() {
        return newMessageDigest(algorithm);
    }

    /** Whether {@code hash}, as computed by {@link #newMessageDigest()}, is this digest. */
    public boolean matches(byte[] hash) {
        return HexFormat.of().formatHex(hash).equals(hex);
    }

    private static MessageDigest newMessageDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(ALGORITHMS.get(algorithm).jdkName());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm, e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Digest d && d.algorithm.equals(algorithm) && d.hex.equals(hex);
    }

    @Override
    public int hashCode() {
        return algorithm.hashCode() * 31 + hex.hashCode();
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }
}
