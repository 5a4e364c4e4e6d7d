package org.racker.cli;

import static org.racker.cli.CommandModel.flag;
import static org.racker.cli.CommandModel.option;
import static org.racker.cli.CommandModel.positional;

import java.util.concurrent.Callable;
import org.racker.api.PullListener;
import org.racker.api.Racker;
import picocli.CommandLine.Model.CommandSpec;

/** {@code racker pull}: fetch an image from a registry into the store. */
public final class PullCommand implements Callable<Integer> {
    private final RackerCommand parent;
    String platform;
    boolean quiet;
    boolean tlsVerify;
    String image;

    PullCommand(RackerCommand parent) {
        this.parent = parent;
    }

    CommandSpec model() {
        return CommandModel.of(this, "pull", "Pull an image from an OCI/Docker registry.",
                        "Mirrors and insecure registries come from registries.conf ($CONTAINERS_REGISTRIES_CONF);"
                                + " credentials from auth.json ($REGISTRY_AUTH_FILE) or ~/.docker/config.json.")
                .add(option(String.class, v -> platform = v, "--platform").paramLabel("OS/ARCH[/VARIANT]")
                        .description("Pick this platform from a multi-platform image (default: the host's)."))
                .add(flag(v -> quiet = v, "-q", "--quiet").description("Print only the image id."))
                .add(option(boolean.class, v -> tlsVerify = v, "--tls-verify").arity("1").paramLabel("true|false")
                        .defaultValue("true")
                        .description("Verify registries' certificates; false also allows plain HTTP."))
                .add(positional(String.class, v -> image = v).index("0").paramLabel("IMAGE")
                        .description("e.g. debian:bookworm-slim, docker://quay.io/centos/centos:stream9"))
                .spec();
    }

    @Override
    public Integer call() throws Exception {
        StderrEventLog log = new StderrEventLog(parent.spec.commandLine().getErr(), parent.global.verbose,
                parent.global.debug, parent.startNanos);
        String id = Racker.builder().root(parent.global.root).eventLog(log).tlsVerify(tlsVerify)
                .pullProgress(quiet ? PullListener.SILENT : PullProgressPrinter.to(parent.spec.commandLine().getOut()))
                .build().images().pull(image, platform);
        if (quiet) {
            parent.spec.commandLine().getOut().println("sha256:" + id);
            parent.spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
