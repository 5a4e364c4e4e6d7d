package org.racker.distro;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * One way to obtain a curated image, as the catalogue lists them, in order of preference.
 * The {@code type} property selects the kind.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ImageSource.Docker.class, name = "docker"),
    @JsonSubTypes.Type(value = ImageSource.Tarball.class, name = "tarball"),
    @JsonSubTypes.Type(value = ImageSource.Bootstrap.class, name = "bootstrap")
})
public sealed interface ImageSource {

    /** A short description for messages: which source served, which failed. */
    String describe();

    /** An image in an OCI/Docker registry. */
    record Docker(String reference) implements ImageSource {
        @Override
        public String describe() {
            return "docker://" + reference;
        }
    }

    /** A root filesystem tarball over http(s): .tar, .tar.gz, .tar.xz or .tar.zst. */
    record Tarball(String url) implements ImageSource {
        @Override
        public String describe() {
            return url;
        }
    }

    /**
     * A bootstrap from the distribution's own package mirror. {@code aptOptions} go to apt
     * as {@code --aptopt}, e.g. {@code Acquire::Check-Valid-Until "false"} for a frozen
     * snapshot mirror whose Release file has expired.
     */
    record Bootstrap(String tool, String suite, String mirror, List<String> aptOptions) implements ImageSource {
        public Bootstrap {
            aptOptions = aptOptions == null ? List.of() : List.copyOf(aptOptions);
        }

        @Override
        public String describe() {
            return tool + " " + suite + " from " + mirror;
        }
    }
}
