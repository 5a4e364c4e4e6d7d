package org.racker.probe;

import java.util.List;

/** Everything one probe of one image did, in order. */
public record ProbeReport(String image, String probe, List<CheckResult> checks, long millis, String error) {

    public ProbeReport {
        checks = List.copyOf(checks);
    }

    /** Passed when it ran (no error) and every check passed. */
    public boolean passed() {
        return error == null && checks.stream().allMatch(CheckResult::passed);
    }
}
