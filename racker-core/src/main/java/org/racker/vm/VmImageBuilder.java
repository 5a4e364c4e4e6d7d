package org.racker.vm;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.racker.distro.Catalogue;
import org.racker.distro.OsRelease;
import org.racker.distro.PackageManager;
import org.racker.distro.Provisioner;
import org.racker.fs.InterProcessLock;
import org.racker.fs.RootedFiles;
import org.racker.fs.WorkDirectories;
import org.racker.runtime.exec.CommandLines;
import org.racker.EventLog;
import org.racker.runtime.OfflineCommand;

/**
 * Derives a {@link VmImage} from an image's root, once: a copy of the root gets a kernel, an
 * initramfs and the QEMU guest agent from the image's own package manager (in a non-booted
 * nspawn of the copy), then becomes a raw ext4 disk built without mounting anything
 * ({@code mkfs.ext4 -d}). The kernel and initramfs are taken out of the copy, resolved inside
 * it; the copy itself is dropped once the disk holds it. The image's root is never changed.
 *
 * <p>Derived images live in a directory of their own, one per source root (named by a hash
 * of its path), built under a lock in a temporary directory that is renamed into place, so a
 * killed build leaves nothing a later run would boot.
 */
public final class VmImageBuilder {
    /** The guest agent's package in the distributions racker derives VMs from so far. */
    static final String AGENT_PACKAGE = "qemu-guest-agent";

    private final Path imagesDir;
    private final EventLog log;

    public VmImageBuilder(Path imagesDir, EventLog log) {
        this.imagesDir = imagesDir;
        this.log = log;
    }

    /** The VM image of {@code rootfs}, derived now unless an earlier run did. */
    public VmImage derive(Path rootfs, String label) throws VmException, InterruptedException {
        Path source = rootfs.toAbsolutePath().normalize();
        String key = key(source);
        Path dir = imagesDir.resolve(key);
        if (Files.isDirectory(dir)) {
            return VmImage.in(dir);
        }
        try (InterProcessLock lock = InterProcessLock.acquire(imagesDir.resolve(key + ".lock"))) {
            if (Files.isDirectory(dir)) {
                return VmImage.in(dir);
            }
            Path tmp = imagesDir.resolve(key + ".tmp");
            WorkDirectories.deleteTree(tmp);
            Files.createDirectories(tmp);
            try {
                build(source, label, tmp);
                WorkDirectories.publish(tmp, dir);
            } finally {
                WorkDirectories.deleteTree(tmp);
            }
            return VmImage.in(dir);
        } catch (IOException e) {
            throw new VmException("cannot derive a VM image from " + label + ": " + e.getMessage(), e);
        }
    }

    private void build(Path source, String label, Path tmp) throws IOException, VmException, InterruptedException {
        OsRelease os = OsRelease.of(source).orElseThrow(() -> new VmException("cannot derive a VM image from "
                + label + ": its root has no /etc/os-release, so racker cannot tell how to install a kernel in it"));
        Optional<PackageManager> manager = os.packageManager();
        if (manager.isEmpty() || manager.get() != PackageManager.APT) {
            throw new VmException("cannot derive a VM image from " + label + " (" + os.prettyName() + "): racker"
                    + " installs kernels with apt only so far; use a Debian or Ubuntu image");
        }
        log.info("deriving a VM image from " + label + " (once): installing a kernel and the guest agent");
        Path root = tmp.resolve("rootfs");
        Path buildLog = tmp.resolve("derive.log");
        // -a keeps owners, modes, links and xattrs and never follows the image's symlinks
        run(List.of("cp", "-a", "--reflink=auto", source + "/.", root + "/"), buildLog, "copying the root");
        PackageManager apt = manager.get();
        List<String> packages = new ArrayList<>(apt.bootPackages());
        packages.addAll(List.of(kernelPackage(), "initramfs-tools", "udev", AGENT_PACKAGE));
        // the options the curated image of this release has (an expired snapshot's Release file
        // accepted, for one): a root from elsewhere may lack them; in the copy they do no harm
        List<String> aptOptions = aptOptionsFor(os);
        String script = (aptOptions.isEmpty() ? "" : Provisioner.aptConfigStep(aptOptions, Provisioner.APT_CONFIG)
                + " && ") + CommandLines.render(apt.refresh()) + " && " + CommandLines.render(apt.install(packages))
                + " && " + apt.cleanCaches();
        int status = OfflineCommand.run(root, "racker-vm-derive-" + ProcessHandle.current().pid(), script,
                buildLog, log);
        if (status != 0) {
            throw new VmException("cannot derive a VM image from " + label + ": installing the kernel failed with"
                    + " exit status " + status + ": " + OfflineCommand.lastLine(buildLog));
        }
        RootedFiles files = new RootedFiles(root);
        String version = kernelVersion(files).orElseThrow(() -> new VmException("cannot derive a VM image from "
                + label + ": no kernel in /boot after installing " + kernelPackage()));
        copyOut(files, "/boot/vmlinuz-" + version, tmp.resolve(VmImage.KERNEL));
        copyOut(files, "/boot/initrd.img-" + version, tmp.resolve(VmImage.INITRD));
        Path disk = tmp.resolve(VmImage.DISK);
        // sparse: the file takes what the root holds; the rest is the guest's room to write
        try (RandomAccessFile f = new RandomAccessFile(disk.toFile(), "rw")) {
            f.setLength(diskSize(treeSize(root)));
        }
        run(List.of("mkfs.ext4", "-q", "-F", "-d", root.toString(), "-L", "racker-root",
                "-E", "lazy_itable_init=1,lazy_journal_init=1", disk.toString()), buildLog, "building the disk");
        WorkDirectories.deleteTree(root);
        Files.writeString(tmp.resolve("source"), source + "\nkernel " + version + "\n");
    }

    private static List<String> aptOptionsFor(OsRelease os) throws VmException {
        try {
            return Catalogue.load().aptOptionsFor(os);
        } catch (org.racker.InvalidArgumentException e) {
            throw new VmException("cannot derive a VM image: " + e.getMessage(), e);
        }
    }

    /** Debian's kernel for virtual machines: small, with virtio; for the host's architecture. */
    static String kernelPackage() {
        return "linux-image-cloud-amd64";
    }

    /** The disk's size: twice what the root holds, and 2 GiB at least, in whole MiB. */
    static long diskSize(long treeBytes) {
        long size = Math.max(2L << 30, treeBytes * 2);
        return (size + (1 << 20) - 1) >> 20 << 20;
    }

    /** The newest kernel in the root's /boot, read inside the root. */
    static Optional<String> kernelVersion(RootedFiles root) throws IOException {
        return root.list("/boot").stream()
                .filter(n -> n.startsWith("vmlinuz-"))
                .map(n -> n.substring("vmlinuz-".length()))
                .filter(v -> root.isRegularFile("/boot/vmlinuz-" + v) && root.isRegularFile("/boot/initrd.img-" + v))
                .max(Comparator.naturalOrder());
    }

    private static void copyOut(RootedFiles root, String path, Path target) throws IOException, VmException {
        byte[] content = root.readRegularFile(path, 1 << 30)
                .orElseThrow(() -> new VmException(path + " is not a regular file in the derived root"));
        Files.write(target, content);
    }

    private static long treeSize(Path root) throws IOException {
        long[] total = {0};
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                total[0] += attrs.size() + 4096;
                return FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }

    private void run(List<String> command, Path buildLog, String what) throws IOException, VmException,
            InterruptedException {
        log.debug(what + ": " + CommandLines.render(command));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(buildLog.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        try {
            if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new VmException(what + " failed: " + OfflineCommand.lastLine(buildLog));
            }
        } finally {
            p.destroyForcibly();
        }
    }

    static String key(Path source) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(source.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
