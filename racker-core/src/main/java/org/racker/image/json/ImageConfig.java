package org.racker.image.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.racker.image.Digest;

/**
 * The image configuration blob (https://github.com/opencontainers/image-spec/blob/main/config.md,
 * which Docker's image JSON matches for the fields racker uses): the platform, the defaults a
 * container runs with, the uncompressed layer digests and the history.
 */
public record ImageConfig(
        String created,
        String author,
        String architecture,
        String os,
        String variant,
        ContainerConfig config,
        RootFs rootfs,
        List<History> history) {

    /** When the image was built, when the field is present and well formed. */
    public Optional<Instant> createdInstant() {
        return parseInstant(created);
    }

    public List<History> history() {
        return history == null ? List.of() : history;
    }

    static Optional<Instant> parseInstant(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The execution defaults, with Docker's capitalised keys; every field may be absent. */
    public record ContainerConfig(
            @JsonProperty("User") String user,
            @JsonProperty("ExposedPorts") Map<String, Object> exposedPorts,
            @JsonProperty("Env") List<String> env,
            @JsonProperty("Entrypoint") List<String> entrypoint,
            @JsonProperty("Cmd") List<String> cmd,
            @JsonProperty("Volumes") Map<String, Object> volumes,
            @JsonProperty("WorkingDir") String workingDir,
            @JsonProperty("Labels") Map<String, String> labels,
            @JsonProperty("StopSignal") String stopSignal) {
    }

    /** The layers' uncompressed ("diff") digests, base first; {@code type} is always "layers". */
    public record RootFs(
            String type,
            @JsonProperty("diff_ids") List<Digest> diffIds) {
    }

    /** One build step; {@code empty_layer} steps (ENV, CMD, ...) produced no layer. */
    public record History(
            String created,
            @JsonProperty("created_by") String createdBy,
            String author,
            String comment,
            @JsonProperty("empty_layer") Boolean emptyLayer) {

        public Optional<Instant> createdInstant() {
            return parseInstant(created);
        }
    }
}
