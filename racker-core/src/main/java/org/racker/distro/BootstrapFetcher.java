package org.racker.distro;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.racker.RackerException;
import org.racker.runtime.CommandLines;
import org.racker.runtime.EventLog;

/**
 * Bootstraps a Debian-family root from the distribution's own mirror with mmdebstrap,
 * bootable from the start (systemd and the probe tools are included).
 */
final class BootstrapFetcher implements SourceFetcher {
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
        cmd.add(b.suite());
        cmd.add(rootfs.toString());
        cmd.add(b.mirror());
        log.info("bootstrapping: " + CommandLines.render(cmd));
        Path output = rootfs.resolveSibling("mmdebstrap.log");
        try {
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
        return b.mirror() + " " + b.suite() + " on " + LocalDate.now(ZoneOffset.UTC);
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

    private static String hint(Path output) {
        try {
            String text = Files.readString(output);
            if (text.contains("is not valid yet") || text.contains("is expired")) {
                return " (the mirror serves an expired snapshot: add the apt option"
                        + " Acquire::Check-Valid-Until \"false\" to the image's bootstrap source)";
            }
        } catch (IOException e) {
            // no hint then
        }
        return "";
    }
}
