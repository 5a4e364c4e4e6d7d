package org.racker.distro;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.racker.image.Digest;

/**
 * How a registry image of one package-manager family is made bootable: the shell steps
 * that install systemd and curl, then the cache clean-up. Its hash is part of a derived
 * image's key, so a racker whose recipe changed makes the image again instead of booting
 * one made the old way.
 */
public record BootRecipe(PackageManager manager, List<String> script) {
    /** Bumped when provisioning changes in a way the steps' text does not show. */
    private static final String VERSION = "1";

    public BootRecipe {
        script = List.copyOf(script);
    }

    public static BootRecipe of(PackageManager manager) {
        return new BootRecipe(manager, Provisioner.bootScript(manager, List.of()));
    }

    /** Every step, the clean-up included, as they run. */
    public List<String> steps() {
        List<String> all = new ArrayList<>(script);
        all.add(manager.cleanCaches());
        return all;
    }

    /** What it installs, for the one line the user sees. */
    public List<String> packages() {
        return manager.bootPackages();
    }

    public String hash() {
        String text = VERSION + "\n" + manager.id() + "\n" + String.join("\n", steps());
        return Digest.sha256(text.getBytes(StandardCharsets.UTF_8)).hex();
    }
}
