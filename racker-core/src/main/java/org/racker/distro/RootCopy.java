package org.racker.distro;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Copies a stored image's root to become another image's own writable root: {@code cp -a},
 * reflinked where the file system can, so ownership, modes, links, xattrs and device nodes
 * come along as they are and nothing is followed out of the root.
 */
final class RootCopy {
    private RootCopy() { }

    static void copy(Path from, Path to, String what) throws ProvisioningException {
        try {
            Files.createDirectories(to);
            Process cp = new ProcessBuilder("cp", "-a", "--reflink=auto", from + "/.", to.toString())
                    .redirectErrorStream(true).start();
            String out = new String(cp.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!cp.waitFor(30, TimeUnit.MINUTES) || cp.exitValue() != 0) {
                cp.destroyForcibly();
                throw new ProvisioningException("cannot copy the root of " + what + ": " + out.strip());
            }
        } catch (IOException e) {
            throw new ProvisioningException("cannot copy the root of " + what + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisioningException("copying the root of " + what + " was interrupted", e);
        }
    }
}
