package org.racker.distro;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.racker.fs.RootedFiles;
import org.racker.runtime.CommandLines;
import org.racker.EventLog;
import org.racker.runtime.OfflineCommand;

/**
 * Makes a fetched root bootable and probe-ready: installs systemd and curl with the
 * distribution's own package manager in a non-booted nspawn, with the quirks of the
 * distributions that need them. Runs once per image, when it is pulled.
 */
final class Provisioner {
    /** A file of racker's own: the image's other apt settings stay as they are. */
    static final String APT_CONFIG = "/etc/apt/apt.conf.d/99racker";

    private final EventLog log;

    Provisioner(EventLog log) {
        this.log = log;
    }

    /** Returns the steps it took (for the image's provenance). */
    List<String> provision(CatalogueEntry entry, Path rootfs, Path logFile) throws ProvisioningException {
        List<String> steps = new ArrayList<>();
        // The catalogue names the manager: os-release alone cannot tell yum from dnf or microdnf.
        PackageManager manager = entry.manager();
        OsRelease os = OsRelease.of(rootfs).orElseThrow(() -> new ProvisioningException("provisioning "
                + entry.name() + ": the root has no /etc/os-release, so it is not a distribution racker knows"));
        if (os.packageManager().isPresent() && os.packageManager().get() != manager
                && !(manager == PackageManager.YUM || manager == PackageManager.MICRODNF)) {
            throw new ProvisioningException("provisioning " + entry.name() + ": the image is " + os.prettyName()
                    + ", which uses " + os.packageManager().get().id() + ", not the catalogue's " + manager.id());
        }
        steps.add("detected " + os.prettyName());
        boolean hasSystemd = OfflineCommand.hasSystemd(rootfs);
        boolean hasCurl = new RootedFiles(rootfs).isRegularFile("/usr/bin/curl");
        if (hasSystemd && hasCurl) {
            steps.add("systemd and curl present: nothing to install");
            return steps;
        }
        if (entry.name().startsWith("rhel-9")) {
            throw new ProvisioningException("provisioning " + entry.name() + ": UBI 9's repositories do not"
                    + " offer systemd, so the image cannot be made bootable; use rocky-9 or alma-9 instead");
        }
        List<String> script = new ArrayList<>();
        if (entry.name().equals("centos-8")) {
            // CentOS 8 is end of life: its mirrors moved to the vault
            script.add("sed -i -e 's/^mirrorlist/#mirrorlist/' -e 's|^#baseurl=http://mirror.centos.org|"
                    + "baseurl=http://vault.centos.org|' /etc/yum.repos.d/CentOS-*");
        }
        if (manager == PackageManager.APT && !entry.aptOptions().isEmpty()) {
            script.add(aptConfigStep(entry.aptOptions(), APT_CONFIG));
        }
        if (!manager.refresh().isEmpty()) {
            script.add(CommandLines.render(manager.refresh()));
        }
        script.add(CommandLines.render(manager.install(manager.bootPackages())));
        for (String step : script) {
            int status = run(entry, rootfs, step, logFile);
            if (status != 0) {
                throw new ProvisioningException("provisioning " + entry.name() + ": step \"" + step + "\" failed with"
                        + " exit status " + status + ": " + lastLine(logFile) + BootstrapFetcher.hint(logFile)
                        + " (full log: " + logFile + ")");
            }
            steps.add(step);
        }
        if (!OfflineCommand.hasSystemd(rootfs)) {
            throw new ProvisioningException("provisioning " + entry.name() + ": systemd is still missing after"
                    + " installing it; see " + logFile);
        }
        // a bigger image, not a broken one: a failed clean-up is no reason to fail the pull
        String clean = manager.cleanCaches();
        int status = run(entry, rootfs, clean, logFile);
        if (status == 0) {
            steps.add(clean);
        } else {
            log.info("provisioning " + entry.name() + ": \"" + clean + "\" failed with exit status " + status
                    + "; the image keeps its package caches");
        }
        return steps;
    }

    private int run(CatalogueEntry entry, Path rootfs, String step, Path logFile) throws ProvisioningException {
        log.info("provisioning " + entry.name() + ": " + step);
        try {
            return OfflineCommand.run(rootfs, "postroj-provision-" + entry.name() + "-" + ProcessHandle.current().pid(),
                    step, logFile, log);
        } catch (IOException e) {
            throw new ProvisioningException("provisioning " + entry.name() + ": cannot run \"" + step + "\": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisioningException("provisioning " + entry.name() + " was interrupted", e);
        }
    }

    /**
     * A shell step writing apt settings (apt.conf syntax, one per option) to {@code target},
     * where apt in the root reads them: for provisioning and for every later apt run in a
     * container of the image, as in a root mmdebstrap bootstrapped with the same options.
     */
    static String aptConfigStep(List<String> options, String target) {
        List<String> printf = new ArrayList<>(List.of("printf", "%s;\\n"));
        printf.addAll(options);
        return CommandLines.render(printf) + " > " + CommandLines.render(List.of(target));
    }

    static String lastLine(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                String l = lines.get(i).strip();
                if (!l.isEmpty() && !l.startsWith("Attempted to remove disk file system")) {
                    return l;
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return "no output";
    }
}
