package org.racker.matrix;

import java.util.List;
import java.util.Map;
import org.racker.probe.CheckResult;

/**
 * What became of one cell: every check passed, one failed, the cell could not run here
 * (skipped, with the reason: an image no source serves, a package of another family), or
 * the probe itself broke (error: a download or a boot that failed).
 *
 * @param provenance where the image came from and its digest or release date, as pulled
 * @param installed the installed packages' versions, by name
 * @param journal the container's last journal lines when a check failed
 */
public record CellResult(String key, String image, String pkg, Status status, String reason, String provenance,
        List<CheckResult> checks, long millis, Map<String, String> installed, String journal) {

    public enum Status { PASSED, FAILED, SKIPPED, ERROR }

    public CellResult {
        checks = List.copyOf(checks);
        installed = installed == null ? Map.of() : Map.copyOf(installed);
    }

    /** A cell that installed nothing and has no journal to show (one that could not start). */
    public static CellResult of(MatrixCell cell, Status status, String reason, long millis) {
        return new CellResult(cell.key(), cell.image(), cell.pkg(), status, reason, null, List.of(), millis, Map.of(),
                null);
    }

    public static CellResult skipped(MatrixCell cell, String reason) {
        return of(cell, Status.SKIPPED, reason, 0);
    }

    public boolean bad() {
        return status == Status.FAILED || status == Status.ERROR;
    }
}
