package org.racker.distro;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.racker.RackerException;
import org.racker.runtime.exec.CommandLines;
import org.racker.EventLog;

/**
 * Bootstraps a Debian-family root from the distribution's own mirror with mmdebstrap,
 * bootable from the start (systemd and the probe tools are included).
 */
final class BootstrapFetcher implements SourceFetcher {
    /** The Date field of a Debian Release file, e.g. "Sat, 21 Nov 2026 09:15:44 UTC". */
    private static final DateTimeFormatter RELEASE_DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss z", Locale.ENGLISH);
    private static final DateTimeFormatter RELEASE_SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'");

    private final EventLog log;

    BootstrapFetcher(EventLog log) {
        this.log = log;
    }

    @Override
    public String fetch(CatalogueEntry entry, ImageSource source, Path rootfs) throws RackerException {
        ImageSource.Bootstrap b = (ImageSource.Bootstrap) source;
        if (!b.tool().equals("mmdebstrap")) {
            throw new ProvisioningException("unsupported bootstrap tool " + b.tool() + " (racker uses mmdebstrap)");
        }
        List<String> cmd = new ArrayList<>(List.of("mmdebstrap", "--variant=minbase", "--mode=root",
                "--include=" + String.join(",", entry.manager().bootPackages())));
        for (String option : b.aptOptions()) {
            cmd.add("--aptopt=" + option);
        }
        // The package lists are gone once mmdebstrap cleans up, and with them the only record of
        // which state of the mirror the root was built from: keep the Release file's date.
        Path releaseDate = rootfs.resolveSibling("mirror-release-date");
        cmd.add("--customize-hook=" + releaseDateHook(releaseDate));
        cmd.add(b.suite());
        cmd.add(rootfs.toString());
        cmd.add(b.mirror());
        log.info("bootstrapping: " + CommandLines.render(cmd));
        Path output = rootfs.resolveSibling("mmdebstrap.log");
        try {
            Files.deleteIfExists(releaseDate);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!p.waitFor(30, TimeUnit.MINUTES)) {
                p.destroyForcibly().waitFor();
                throw new ProvisioningException("mmdebstrap " + b.suite() + " did not finish within 30 minutes");
            }
            if (p.exitValue() != 0) {
                throw new ProvisioningException("mmdebstrap " + b.suite() + " from " + b.mirror() + " failed: "
                        + lastError(output) + hint(output));
            }
        } catch (IOException e) {
            throw new ProvisioningException("cannot run mmdebstrap (install it: apt-get install mmdebstrap): "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisioningException("bootstrapping was interrupted", e);
        }
        return detail(b, readReleaseDate(releaseDate), LocalDate.now(ZoneOffset.UTC));
    }

    /**
     * The provenance of a bootstrap: the mirror's own date for the suite (a snapshot mirror
     * serves a state weeks old, and this says which), or the day of the bootstrap when the
     * mirror's Release file had none.
     */
    static String detail(ImageSource.Bootstrap b, Optional<Instant> released, LocalDate today) {
        return b.mirror() + " " + b.suite() + released
                .map(t -> ", Release of " + RELEASE_SHOWN.format(t.atOffset(ZoneOffset.UTC)))
                .orElse(" on " + today);
    }

    /** A hook that never fails the bootstrap: without a date the provenance falls back to the day. */
    static String releaseDateHook(Path target) {
        return "{ sed -n 's/^Date: //p' \"$1\"/var/lib/apt/lists/*Release 2>/dev/null || true; } | head -n 1 > "
                + CommandLines.render(List.of(target.toString()));
    }

    static Optional<Instant> parseReleaseDate(String value) {
        try {
            return Optional.of(ZonedDateTime.parse(value.strip(), RELEASE_DATE).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> readReleaseDate(Path file) {
        try {
            Optional<Instant> date = Files.isRegularFile(file) ? parseReleaseDate(Files.readString(file)) : Optional.empty();
            Files.deleteIfExists(file);
            return date;
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The line that says why, rather than mmdebstrap's closing summary. */
    static String lastError(Path output) {
        try {
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                String l = lines.get(i);
                if (l.startsWith("E:") && !l.contains("mmdebstrap failed") && !l.contains("apt-get update -oAPT")) {
                    return l.substring(2).trim();
                }
            }
            return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1);
        } catch (IOException e) {
            return "no output";
        }
    }

    /** Why apt refused the mirror and what to do, when its output says; else nothing. */
    static String hint(Path output) {
        try {
            String text = Files.readString(output);
            if (text.contains("is not valid yet") || text.contains("is expired")) {
                return " (the mirror serves an expired snapshot: add the apt option"
                        + " Acquire::Check-Valid-Until \"false\" to the aptOptions of the image's bootstrap source"
                        + " in the catalogue; provisioning applies them too)";
            }
            // apt-get update only warns when a mirror cannot be reached; the install then fails
            // on a package it cannot find, which hides why
            for (String line : text.split("\n")) {
                if (line.startsWith("W: Failed to fetch ") || line.startsWith("E: Failed to fetch ")) {
                    return " (the package lists could not be fetched: " + line.substring(3).strip()
                            .replaceAll("\\s+", " ") + ")";
                }
            }
        } catch (IOException e) {
            // no hint then
        }
        return "";
    }
}
