package org.racker.matrix;

import java.util.List;
import org.racker.probe.CheckResult;

/**
 * What became of one cell: every check passed, one failed, the cell could not run here
 * (skipped, with the reason: an image no source serves, a package of another family), or
 * the probe itself broke (error: a download or a boot that failed).
 *
 * @param provenance where the image came from and its digest or release date, as pulled
 */
public record CellResult(String key, String image, String pkg, Status status, String reason, String provenance,
        List<CheckResult> checks, long millis) {

    public enum Status { PASSED, FAILED, SKIPPED, ERROR }

    public CellResult {
        checks = List.copyOf(checks);
    }

    public static CellResult skipped(MatrixCell cell, String reason) {
        return new CellResult(cell.key(), cell.image(), cell.pkg(), Status.SKIPPED, reason, null, List.of(), 0);
    }

    public boolean bad() {
        return status == Status.FAILED || status == Status.ERROR;
    }
}
