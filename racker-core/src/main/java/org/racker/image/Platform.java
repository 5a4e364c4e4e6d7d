package org.racker.image;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An OS/architecture[/variant] triple as image indexes describe their entries
 * (https://github.com/opencontainers/image-spec/blob/main/image-index.md, the platform object,
 * with GOOS/GOARCH names). Normalisation follows containerd's platforms package, the reference
 * docker and podman share: architecture aliases (x86_64, aarch64, armhf, ...) become their Go
 * names, the variant of arm64 defaults to v8 and of arm to v7, and amd64's v1 is dropped.
 * Values are stored normalised, so equal platforms compare equal.
 */
public final class Platform {
    private static final Pattern PART = Pattern.compile("[a-z0-9_.-]+");

    private final String os;
    private final String architecture;
    private final String variant;

    private Platform(String os, String architecture, String variant) {
        this.os = os;
        this.architecture = architecture;
        this.variant = variant;
    }

    /** Parses "os/arch[/variant]", e.g. linux/amd64 or linux/arm64/v8. */
    public static Platform parse(String text) throws InvalidImageReferenceException {
        String[] parts = text == null ? new String[0] : text.toLowerCase(Locale.ROOT).split("/", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw new InvalidImageReferenceException("invalid platform \"" + text
                    + "\": expected OS/ARCH[/VARIANT], e.g. linux/arm64");
        }
        for (String part : parts) {
            if (!PART.matcher(part).matches()) {
                throw new InvalidImageReferenceException("invalid platform \"" + text
                        + "\": empty or malformed component \"" + part + "\"");
            }
        }
        return of(parts[0], parts[1], parts.length == 3 ? parts[2] : "");
    }

    /** A platform from its parts, normalised; {@code variant} may be null or empty. */
    public static Platform of(String os, String architecture, String variant) {
        String o = Objects.requireNonNull(os, "os").toLowerCase(Locale.ROOT);
        String a = Objects.requireNonNull(architecture, "architecture").toLowerCase(Locale.ROOT);
        String v = variant == null ? "" : variant.toLowerCase(Locale.ROOT);
        if (o.equals("macos")) {
            o = "darwin";
        }
        switch (a) {
            case "x86_64", "x86-64", "amd64" -> {
                a = "amd64";
                if (v.equals("v1")) {
                    v = "";
                }
            }
            case "aarch64", "arm64" -> {
                a = "arm64";
                if (v.isEmpty() || v.equals("8")) {
                    v = "v8";
                }
            }
            case "armhf" -> {
                a = "arm";
                v = "v7";
            }
            case "armel" -> {
                a = "arm";
                v = "v6";
            }
            case "arm" -> {
                if (v.isEmpty()) {
                    v = "v7";
                } else if (v.matches("[5-8]")) {
                    v = "v" + v;
                }
            }
            case "i386", "i486", "i586", "i686", "x86", "386" -> a = "386";
            case "ppc64el" -> a = "ppc64le";
            default -> { }
        }
        return new Platform(o, a, v);
    }

    /** The platform this JVM runs on, from os.name and os.arch in OCI's names. */
    public static Platform host() {
        return of(System.getProperty("os.name", "linux").toLowerCase(Locale.ROOT).startsWith("linux")
                ? "linux" : System.getProperty("os.name"), System.getProperty("os.arch", "amd64"), "");
    }

    public String os() {
        return os;
    }

    public String architecture() {
        return architecture;
    }

    /** The variant, e.g. v8 or v7; empty when the architecture has none. */
    public String variant() {
        return variant;
    }

    /**
     * Whether an index entry for {@code available} can serve this platform: same OS and
     * architecture, and the same variant after normalisation, where a side without variant
     * (amd64 usually) accepts any. containerd's fallbacks (an arm/v7 host taking arm/v6) are
     * not made: ask for the variant explicitly.
     */
    public boolean matches(Platform available) {
        return os.equals(available.os) && architecture.equals(available.architecture)
                && (variant.equals(available.variant) || available.variant.isEmpty() || variant.isEmpty());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Platform p && p.os.equals(os) && p.architecture.equals(architecture)
                && p.variant.equals(variant);
    }

    @Override
    public int hashCode() {
        return Objects.hash(os, architecture, variant);
    }

    /** "os/arch[/variant]", the form {@link #parse} reads. */
    @Override
    public String toString() {
        return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
    }
}
