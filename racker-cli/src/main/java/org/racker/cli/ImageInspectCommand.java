package org.racker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.racker.ImageNotFoundException;
import org.racker.api.Images;
import org.racker.api.Racker;
import org.racker.json.JsonValues;
import picocli.CommandLine.Model.CommandSpec;

/** {@code racker image inspect}: an image's record as JSON. */
public final class ImageInspectCommand implements Callable<Integer> {
    private final ImageCommand parent;
    List<String> images;

    ImageInspectCommand(ImageCommand parent) {
        this.parent = parent;
    }

    CommandSpec model() {
        return CommandModel.of(this, "inspect", "Show images as JSON (for a curated image or one racker made bootable,"
                        + " IMAGE+boot: its provenance).")
                .add(CommandModel.positionals(v -> images = v).arity("1..*").paramLabel("IMAGE"))
                .spec();
    }

    @Override
    public Integer call() throws Exception {
        RackerCommand racker = parent.parent;
        Images store = Racker.withRoot(racker.global.root).images();
        PrintWriter out = racker.spec.commandLine().getOut();
        PrintWriter err = racker.spec.commandLine().getErr();
        List<JsonNode> result = new ArrayList<>();
        int status = 0;
        for (String name : images) {
            try {
                result.addAll(store.inspect(name));
            } catch (ImageNotFoundException e) {
                err.println("racker: " + e.getMessage());
                status = ExitCodes.NO_SUCH_CONTAINER;
            }
        }
        out.println(JsonValues.toJson(result, true));
        out.flush();
        err.flush();
        return status;
    }
}
