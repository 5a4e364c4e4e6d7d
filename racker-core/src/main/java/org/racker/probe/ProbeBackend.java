package org.racker.probe;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.racker.RackerException;
import org.racker.runtime.network.NetworkMode;

/** Boots the machines probes run in: nspawn containers ({@link ContainerBackend}) or QEMU VMs ({@link VmBackend}). */
public interface ProbeBackend {
    /**
     * Boots a fresh, throw-away machine of the request's image, with the request's package
     * files (when any) at {@link PackageProbe#PACKAGE_DIR}. On any failure nothing of it is left.
     */
    ProbeMachine start(Request request) throws RackerException, IOException, InterruptedException;

    /**
     * One machine to boot.
     *
     * @param purpose what it is for, kept as its record's command ("pkgprobe", "selftest")
     * @param network the container's network; a VM has its own (QEMU's user-mode network) whatever this says
     * @param maskedUnits units skipped for this boot (the boot profile's, less those the probe checks)
     * @param maskedGenerators systemd generators a container skips for this boot (the boot profile's);
     *     a VM's boot runs them
     * @param packageDir the host directory holding the package files, or null for none
     * @param packageFiles the names of the files in {@code packageDir} the probe installs
     */
    record Request(String image, Path rootfs, String purpose, NetworkMode network, List<String> maskedUnits,
            List<String> maskedGenerators, Path packageDir, List<String> packageFiles) {
        public Request {
            maskedUnits = List.copyOf(maskedUnits);
            maskedGenerators = List.copyOf(maskedGenerators);
            packageFiles = List.copyOf(packageFiles);
        }
    }
}
