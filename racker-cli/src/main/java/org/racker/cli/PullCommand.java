package org.racker.cli;

import java.util.concurrent.Callable;
import org.racker.distro.ImageSources;
import org.racker.image.ImageReference;
import org.racker.image.Platform;
import org.racker.store.PullProgress;
import org.racker.store.StoredImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code racker pull}: fetch an image from a registry into the store. */
@Command(name = "pull", mixinStandardHelpOptions = true,
        description = {"Pull an image from an OCI/Docker registry.",
                "Mirrors and insecure registries come from registries.conf ($CONTAINERS_REGISTRIES_CONF);"
                        + " credentials from auth.json ($REGISTRY_AUTH_FILE) or ~/.docker/config.json."})
public final class PullCommand implements Callable<Integer> {
    @ParentCommand
    RackerCommand parent;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]", description = "Pick this platform from a"
            + " multi-platform image (default: the host's).")
    String platform;

    @Option(names = {"-q", "--quiet"}, description = "Print only the image id.")
    boolean quiet;

    @Option(names = "--tls-verify", arity = "1", paramLabel = "true|false", defaultValue = "true",
            description = "Verify registries' certificates; false also allows plain HTTP.")
    boolean tlsVerify;

    @Parameters(paramLabel = "IMAGE", description = "e.g. debian:bookworm-slim, docker://quay.io/centos/centos:stream9")
    String image;

    @Override
    public Integer call() throws Exception {
        StderrEventLog log = new StderrEventLog(parent.spec.commandLine().getErr(), parent.global.verbose,
                parent.global.debug, parent.startNanos);
        Platform chosen = platform == null ? Platform.host() : Platform.parse(platform);
        StoredImage pulled = new ImageSources(parent.global.root, log, tlsVerify).pull(ImageReference.parse(image),
                chosen, quiet ? PullProgress.SILENT : PullProgressPrinter.to(parent.spec.commandLine().getOut()));
        if (quiet) {
            parent.spec.commandLine().getOut().println("sha256:" + pulled.id());
            parent.spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
