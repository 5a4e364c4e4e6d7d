package org.racker.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.racker.InvalidArgumentException;
import org.racker.matrix.MatrixFile;
import org.racker.matrix.MatrixReport;
import org.racker.matrix.MatrixRun;
import org.racker.matrix.MatrixSpec;
import org.racker.matrix.Shard;
import org.racker.matrix.ShardReport;
import org.racker.probe.ProbeMachines;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code postroj matrix run FILE}: every cell of the matrix (or of one shard) probed in a fresh
 * container (or VM: {@code vm: true} in the file, or {@code --vm}), {@code --parallel} at a time; each image is pulled once, each package fetched
 * once. Writes the shard's report as JSON and JUnit XML and prints its table.
 */
public final class MatrixRunCommand implements Callable<Integer> {
    private final MatrixCommand parent;
    Path file;
    private final MatrixShardOption shardOption = new MatrixShardOption();
    private final ProbeBootProfileOption bootProfile = new ProbeBootProfileOption();
    private final ProbeVmOption vm = new ProbeVmOption();
    int parallel;
    Path reportDir;

    MatrixRunCommand(MatrixCommand parent) {
        this.parent = parent;
    }

    CommandSpec model() {
        CommandModel model = CommandModel.of(this, "run", "Run the cells of a matrix file (of one shard with"
                        + " --shard K/N) and write the shard's report.")
                .unsorted()
                .footer("", "Exit status: 0 when no cell failed (skipped cells do not fail), 1 when a cell failed or"
                        + " could not run, 125 when the matrix could not run (bad file, bad option).")
                .add(CommandModel.positional(Path.class, v -> file = v).index("0").paramLabel("FILE")
                        .description("The matrix file (YAML or JSON)."));
        return vm.declareOn(bootProfile.declareOn(shardOption.declareOn(model)))
                .add(CommandModel.option(int.class, v -> parallel = v, "--parallel").paramLabel("N").defaultValue("1")
                        .description("Probe N cells at once."))
                .add(CommandModel.option(Path.class, v -> reportDir = v, "--report-dir").paramLabel("DIR")
                        .defaultValue(".").description("Where matrix-K-of-N.json and .xml go (default: the current"
                                + " directory)."))
                .spec();
    }

    @Override
    public Integer call() throws Exception {
        if (parallel < 1) {
            throw new InvalidArgumentException("--parallel must be at least 1");
        }
        MatrixSpec spec = MatrixFile.read(file);
        // the file's vm: true is --vm; --memory and --cpus then size its VMs
        vm.vm |= spec.vm();
        ProbeMachines machines = vm.machines(null);
        Shard shard = shardOption.resolve();
        PostrojCommand postroj = parent.parent;
        GlobalOptions global = postroj.global;
        PrintWriter out = postroj.spec.commandLine().getOut();
        PrintWriter err = postroj.spec.commandLine().getErr();
        StderrEventLog log = new StderrEventLog(err, global.verbose, global.debug, System.nanoTime(), "postroj");
        MatrixRun run = MatrixRun.of(file, spec, shard, machines, global.root, log);
        Files.createDirectories(reportDir);
        String base = "matrix-" + shard.index() + "-of-" + shard.total();
        ShardReport report = run.run(bootProfile.resolve(), parallel, Notices.to(err));
        MatrixReport.writeJson(report, reportDir.resolve(base + ".json"));
        MatrixReport view = MatrixReport.of(report);
        view.writeJunit(reportDir.resolve(base + ".xml"));
        out.println("shard " + shard + " of " + file.getFileName() + ": " + run.shardCellCount() + " of "
                + run.cellCount() + " cells");
        view.printTable(out);
        return view.failed() ? ExitCodes.CHECK_FAILED : 0;
    }
}
