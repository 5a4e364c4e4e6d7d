package org.racker.probe;

import java.util.List;
import java.util.Map;

/**
 * Everything one probe of one image did, in order.
 *
 * @param installed the packages the probe installed, by name, with the version the distribution
 *     reports for each
 * @param journal the container's last journal lines when a check failed, else null
 */
public record ProbeReport(String image, String probe, List<CheckResult> checks, long millis, String error,
        Map<String, String> installed, String journal) {

    public ProbeReport {
        checks = List.copyOf(checks);
        installed = Map.copyOf(installed);
    }

    public ProbeReport(String image, String probe, List<CheckResult> checks, long millis, String error) {
        this(image, probe, checks, millis, error, Map.of(), null);
    }

    /** Passed when it ran (no error) and every check passed. */
    public boolean passed() {
        return error == null && checks.stream().allMatch(CheckResult::passed);
    }
}
