package org.racker.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The training run for the class-data-sharing archive (scripts/cds-archive): one JVM walks
 * the common paths of both launchers, booting a real container once when given a root, so
 * the archive holds the classes racker and postroj load. Without a root (where a package is
 * installed, nothing to boot yet) it walks every path short of starting a container. Not a
 * user command.
 */
public final class ClassDataTraining {
    /** The catalogue's name the training root poses as for pkgprobe. */
    private static final String TRAINING_IMAGE = "debian-bookworm";

    private ClassDataTraining() { }

    public static void main(String[] args) throws IOException {
        if (args.length > 1) {
            System.err.println("usage: ClassDataTraining [ROOTFS]");
            System.exit(2);
        }
        Preload.launcherSettings(); // as the launchers' mains do
        Preload.nativeCalls(); // as racker's main does for run: its classes then come from the archive too
        Path state = Files.createTempDirectory("racker-cds-");
        PrintWriter sink = new PrintWriter(new StringWriter());
        String root = state.toString();
        if (args.length == 0) {
            withoutContainers(root, sink);
            new ProcessBuilder("rm", "-rf", root).inheritIO().start().onExit().join();
            return;
        }
        int run = RackerMain.execute(new String[] {"--root", root, "run", "--rm", "--rootfs", args[0], "true"}, sink, sink);
        // the detached lifecycle: scripts exec into a container many times, so exec above all
        // a name of its own: machine names are host-wide, and builds may train side by side
        String name = "racker-cds-" + ProcessHandle.current().pid();
        int detached = RackerMain.execute(new String[] {"--root", root, "run", "-d", "--name", name, "--rootfs", args[0]},
                sink, sink);
        int exec = RackerMain.execute(new String[] {"--root", root, "exec", name, "true"}, sink, sink);
        RackerMain.execute(new String[] {"--root", root, "exec", "-e", "X=1", "-w", "/tmp", name, "true"}, sink, sink);
        RackerMain.execute(new String[] {"--root", root, "ps"}, sink, sink);
        RackerMain.execute(new String[] {"--root", root, "inspect", name}, sink, sink);
        RackerMain.execute(new String[] {"--root", root, "stop", name}, sink, sink);
        RackerMain.execute(new String[] {"--root", root, "rm", "-f", name}, sink, sink);
        int probe = probe(state, Path.of(args[0]), sink);
        withoutContainers(root, sink);
        new ProcessBuilder("rm", "-rf", root).inheritIO().start().onExit().join();
        if (run != 0 || detached != 0 || exec != 0 || probe != 0) {
            System.err.println("racker: the training runs on " + args[0] + " failed: run " + run + ", run -d " + detached
                    + ", exec " + exec + ", pkgprobe " + probe);
            System.exit(1);
        }
    }

    /**
     * A warm pkgprobe, as postroj runs one on a pulled image: the training root serves as a
     * curated image's, linked file by file into the state root (the probe's container never
     * writes to it). Skipped, with a note, where hard links cannot reach the root (another
     * file system). Returns the probe's status, 0 when skipped.
     */
    private static int probe(Path state, Path rootfs, PrintWriter sink) throws IOException {
        Path image = Files.createDirectories(state.resolve("curated").resolve(TRAINING_IMAGE));
        int linked;
        try {
            linked = new ProcessBuilder("cp", "-al", rootfs.toString(), image.resolve("rootfs").toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        if (linked != 0) {
            System.err.println("racker: cannot link " + rootfs + " into " + state + " (another file system?):"
                    + " the archive leaves pkgprobe's classes out");
            return 0;
        }
        Files.writeString(image.resolve("image.json"), "{\"name\": \"" + TRAINING_IMAGE + "\","
                + " \"distribution\": \"Debian\", \"release\": \"12\", \"packageManager\": \"apt\","
                + " \"source\": \"the class-data training's root\","
                + " \"sourceDetail\": \"the root scripts/cds-archive was given\", \"pulled\": \"1970-01-01T00:00:00Z\"}\n");
        return PostrojMain.execute(new String[] {"--root", state.toString(), "pkgprobe", "--image=" + TRAINING_IMAGE,
                "--check-unit=systemd-journald"}, sink, sink);
    }

    /** The commands that start no container, and run up to the point where it would start. */
    private static void withoutContainers(String root, PrintWriter sink) {
        RackerMain.execute(new String[] {"--version"}, sink, sink);
        RackerMain.execute(new String[] {"version"}, sink, sink);
        RackerMain.execute(new String[] {"--root", root, "ps"}, sink, sink);
        RackerMain.execute(new String[] {"--root", root, "ps", "-a"}, sink, sink);
        RackerMain.execute(new String[] {"--root", root, "images"}, sink, sink);
        RackerMain.execute(new String[] {"--root", root, "inspect", "no-such-container"}, sink, sink);
        RackerMain.execute(new String[] {"--root", root, "run", "--rm", "--rootfs", root + "/none", "true"}, sink, sink);
        RackerMain.execute(new String[] {"--help"}, sink, sink);
        PostrojMain.execute(new String[] {"--root", root, "list-images"}, sink, sink);
        PostrojMain.execute(new String[] {"--root", root, "pkgprobe", "--help"}, sink, sink);
    }
}
