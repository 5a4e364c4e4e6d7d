package org.racker.distro;

import org.racker.fs.DiskUsage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.racker.fs.InterProcessLock;
import org.racker.fs.RootedFiles;
import org.racker.fs.WorkDirectories;
import org.racker.image.Digest;
import org.racker.EventLog;
import org.racker.store.StoredImage;

/**
 * Makes registry images of known distributions bootable: a copy of the image's root gets
 * systemd from the image's own package manager (in a non-booted container on the host's
 * network, as curated pulls are provisioned), and is kept as a {@link BootableImage} that
 * later runs of the same base image boot at once.
 */
public final class BootableImages {
    private final BootableImageStore store;
    private final EventLog log;

    public BootableImages(Path rackerRoot, EventLog log) {
        this.store = new BootableImageStore(rackerRoot);
        this.log = log;
    }

    public BootableImageStore store() {
        return store;
    }

    /**
     * How a root without systemd could get it: its package manager, or why it cannot
     * (not a distribution, one without systemd, its package manager or shell removed).
     */
    public record Family(Optional<PackageManager> manager, String distribution, String reason) {
        static Family of(PackageManager manager, String distribution) {
            return new Family(Optional.of(manager), distribution, "");
        }

        static Family none(String distribution, String reason) {
            return new Family(Optional.empty(), distribution, reason);
        }
    }

    /** The family of {@code rootfs}, read from its os-release and the tools it has. */
    public static Family family(Path rootfs) {
        Optional<OsRelease> found = OsRelease.of(rootfs);
        if (found.isEmpty()) {
            return Family.none("", "it has no /etc/os-release naming a distribution");
        }
        OsRelease os = found.get();
        if (os.id().equals("alpine") || os.idLike().contains("alpine")) {
            return Family.none(os.prettyName(), os.prettyName() + " has no systemd to install");
        }
        Optional<PackageManager> named = os.packageManager();
        if (named.isEmpty()) {
            return Family.none(os.prettyName(), os.prettyName() + " is of no family racker installs systemd"
                    + " in (apt, dnf, yum, microdnf, zypper, pacman)");
        }
        RootedFiles root = new RootedFiles(rootfs);
        if (!root.isRegularFile("/bin/sh")) {
            return Family.none(os.prettyName(), "it is " + os.prettyName() + " without a shell (/bin/sh)");
        }
        // the os-release names the family; the tools present tell which of its managers the image kept
        List<PackageManager> candidates = named.get() == PackageManager.DNF
                ? List.of(PackageManager.DNF, PackageManager.MICRODNF, PackageManager.YUM) : List.of(named.get());
        for (PackageManager pm : candidates) {
            if (root.isRegularFile(executable(pm))) {
                return Family.of(pm, os.prettyName());
            }
        }
        return Family.none(os.prettyName(), "it is " + os.prettyName() + " without its package manager ("
                + executable(candidates.get(0)) + ")");
    }

    static String executable(PackageManager manager) {
        return switch (manager) {
            case APT -> "/usr/bin/apt-get";
            default -> "/usr/bin/" + manager.id();
        };
    }

    /** The derived image's id: the base's id and the recipe's, hashed. */
    static String idOf(StoredImage base, BootRecipe recipe) {
        return Digest.sha256((base.id() + "\n" + recipe.hash()).getBytes(StandardCharsets.UTF_8)).hex();
    }

    /**
     * The bootable image of {@code base} (stored as {@code reference}, unpacked at
     * {@code baseRootfs}): the one made before for this base and recipe, or one made now.
     * Concurrent callers for the same image make it once; the others wait and take it.
     * Making it says so on {@code notices}; a failure leaves no image and throws
     * {@link ProvisioningException} with the step that failed and its last line of output.
     */
    public BootableImage bootable(StoredImage base, String reference, String label, Path baseRootfs,
            Family family, Consumer<String> notices) throws ProvisioningException {
        PackageManager manager = family.manager().orElseThrow(() -> new IllegalArgumentException(family.reason()));
        BootRecipe recipe = BootRecipe.of(manager);
        String id = idOf(base, recipe);
        Optional<BootableImage> made = store.find(id);
        if (made.isEmpty()) {
            try (InterProcessLock lock = store.lock(id)) {
                made = store.find(id);
                if (made.isEmpty()) {
                    made = Optional.of(make(id, base, reference, label, baseRootfs, family, recipe, notices));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProvisioningException("interrupted while " + label + " was being made bootable", e);
            }
        } else {
            log.info(label + " has no systemd: booting its bootable image " + made.get().shortId()
                    + " (made " + made.get().created() + ")");
        }
        return made.get();
    }

    private BootableImage make(String id, StoredImage base, String reference, String label, Path baseRootfs,
            Family family, BootRecipe recipe, Consumer<String> notices) throws ProvisioningException {
        PackageManager manager = recipe.manager();
        notices.accept("provisioning " + label + " for booting (" + manager.id() + "): installing "
                + String.join(", ", recipe.packages()) + " ...");
        Path work = store.newWorkDirectory(id);
        Path logFile = store.provisioningLog(id);
        try {
            Path rootfs = work.resolve("rootfs");
            RootCopy.copy(baseRootfs, rootfs, label);
            Files.deleteIfExists(logFile);
            List<String> steps = new Provisioner(log).provision(label, manager, recipe.script(), rootfs, logFile);
            if (Files.exists(logFile)) {
                Files.move(logFile, work.resolve("provision.log"), StandardCopyOption.REPLACE_EXISTING);
            }
            BootableImage image = new BootableImage(id, reference, base.id(), base.manifestDigest().toString(),
                    recipe.hash(), manager.id(), family.distribution(), steps, Instant.now().toString(), DiskUsage.bytesUnder(rootfs));
            store.commit(work, image);
            log.info("provisioned " + label + " for booting: bootable image " + image.shortId());
            return image;
        } catch (IOException e) {
            throw new ProvisioningException("provisioning " + label + " for booting: " + e.getMessage(), e);
        } finally {
            try {
                WorkDirectories.deleteTree(work);
            } catch (IOException e) {
                log.info("could not remove " + work + ": " + e.getMessage());
            }
        }
    }

    /** The bytes of the root's regular files, as {@code racker images} shows sizes. */
}
