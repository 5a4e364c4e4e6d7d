package org.racker.image.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.racker.image.Platform;

/** The platform object of an index entry (OCI image-index.md; Docker's manifest list is the same). */
public record DescriptorPlatform(
        String architecture,
        String os,
        @JsonProperty("os.version") String osVersion,
        @JsonProperty("os.features") List<String> osFeatures,
        String variant,
        List<String> features) {

    public static DescriptorPlatform of(Platform platform) {
        return new DescriptorPlatform(platform.architecture(), platform.os(), null, null,
                platform.variant().isEmpty() ? null : platform.variant(), null);
    }

    /** This entry as a normalised {@link Platform}; "unknown/unknown" for attestation entries. */
    public Platform toPlatform() {
        return Platform.of(os == null ? "unknown" : os, architecture == null ? "unknown" : architecture, variant);
    }
}
