package org.racker.distro;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.racker.fs.RootedFiles;
import org.racker.runtime.exec.CommandLines;
import org.racker.EventLog;
import org.racker.runtime.OfflineCommand;

/**
 * Makes a fetched root bootable and probe-ready: installs systemd and curl with the
 * distribution's own package manager in a non-booted nspawn, with the quirks of the
 * distributions that need them. Runs once per image, when it is pulled.
 */
public final class Provisioner {
    /** A file of racker's own: the image's other apt settings stay as they are. */
    /** Where racker writes the apt options an image needs, read by apt in the root before its own. */
    public static final String APT_CONFIG = "/etc/apt/apt.conf.d/99racker";

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
        script.addAll(bootScript(manager, entry.aptOptions()));
        steps.addAll(provision(entry.name(), manager, script, rootfs, logFile));
        return steps;
    }

    /**
     * The shell steps that install what booting and probes need with {@code manager}: its
     * package lists refreshed where it keeps them, then systemd and curl. The apt options
     * are written where apt in the root reads them first.
     */
    static List<String> bootScript(PackageManager manager, List<String> aptOptions) {
        List<String> script = new ArrayList<>();
        if (manager == PackageManager.APT && !aptOptions.isEmpty()) {
            script.add(aptConfigStep(aptOptions, APT_CONFIG));
        }
        if (!manager.refresh().isEmpty()) {
            script.add(CommandLines.render(manager.refresh()));
        }
        script.add(CommandLines.render(manager.install(manager.bootPackages())));
        return script;
    }

    /**
     * Runs {@code script} in {@code rootfs} step by step, checks that systemd is there
     * afterwards and drops the package caches. {@code label} names the image in messages.
     * Returns the steps it took.
     */
    List<String> provision(String label, PackageManager manager, List<String> script, Path rootfs, Path logFile)
            throws ProvisioningException {
        List<String> steps = new ArrayList<>();
        for (String step : script) {
            int status = run(label, rootfs, step, logFile);
            if (status != 0) {
                throw new ProvisioningException("provisioning " + label + ": step \"" + step + "\" failed with"
                        + " exit status " + status + ": " + OfflineCommand.lastLine(logFile) + BootstrapFetcher.hint(logFile)
                        + " (full log: " + logFile + ")");
            }
            steps.add(step);
        }
        if (!OfflineCommand.hasSystemd(rootfs)) {
            throw new ProvisioningException("provisioning " + label + ": systemd is still missing after"
                    + " installing it; see " + logFile);
        }
        // a bigger image, not a broken one: a failed clean-up is no reason to fail the pull
        String clean = manager.cleanCaches();
        int status = run(label, rootfs, clean, logFile);
        if (status == 0) {
            steps.add(clean);
        } else {
            log.info("provisioning " + label + ": \"" + clean + "\" failed with exit status " + status
                    + "; the image keeps its package caches");
        }
        return steps;
    }

    private int run(String label, Path rootfs, String step, Path logFile) throws ProvisioningException {
        log.info("provisioning " + label + ": " + step);
        try {
            return OfflineCommand.run(rootfs, machineName(label), step, logFile, log);
        } catch (IOException e) {
            throw new ProvisioningException("provisioning " + label + ": cannot run \"" + step + "\": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisioningException("provisioning " + label + " was interrupted", e);
        }
    }

    /** A machine name nspawn accepts (a hostname of at most 64 characters) for any label. */
    static String machineName(String label) {
        String pid = "-" + ProcessHandle.current().pid();
        String name = "postroj-provision-" + label.replaceAll("[^A-Za-z0-9-]", "-").replaceAll("-+", "-");
        return name.substring(0, Math.min(name.length(), 64 - pid.length())).replaceAll("-$", "") + pid;
    }

    /**
     * A shell step writing apt settings (apt.conf syntax, one per option) to {@code target},
     * where apt in the root reads them: for provisioning and for every later apt run in a
     * container of the image, as in a root mmdebstrap bootstrapped with the same options.
     */
    public static String aptConfigStep(List<String> options, String target) {
        List<String> printf = new ArrayList<>(List.of("printf", "%s;\\n"));
        printf.addAll(options);
        return CommandLines.render(printf) + " > " + CommandLines.render(List.of(target));
    }
}
