package org.racker.cli;

import org.racker.InvalidArgumentException;
import org.racker.matrix.Shard;

/** {@code --shard K/N}, or the shard a CI engine's variables name, or the whole matrix. */
public final class MatrixShardOption {
    String shard;

    CommandModel declareOn(CommandModel command) {
        return command.add(CommandModel.option(String.class, v -> shard = v, "--shard").paramLabel("K/N")
                .description("Run shard K of N (from 1). Without it: GitLab's CI_NODE_INDEX/CI_NODE_TOTAL, or a"
                        + " Kubernetes Indexed Job's JOB_COMPLETION_INDEX with RACKER_SHARD_TOTAL; else every cell."));
    }

    Shard resolve() throws InvalidArgumentException {
        if (shard != null) {
            return Shard.parse(shard);
        }
        return Shard.fromEnvironment(System.getenv()).orElse(Shard.ALL);
    }
}
