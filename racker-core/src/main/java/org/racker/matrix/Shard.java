package org.racker.matrix;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Optional;
import org.racker.InvalidArgumentException;

/**
 * Shard {@code index} of {@code total} (counted from 1, as {@code --shard K/N} and GitLab's
 * CI_NODE_INDEX count). A cell belongs to the shard its key hashes to, so adding a cell moves
 * no other cell between shards, and every machine computes the same split.
 */
public record Shard(int index, int total) {
    public static final Shard ALL = new Shard(1, 1);

    public Shard {
        if (total < 1 || index < 1 || index > total) {
            throw new IllegalArgumentException("shard " + index + "/" + total);
        }
    }

    /** {@code K/N} with 1 <= K <= N. */
    public static Shard parse(String text) throws InvalidArgumentException {
        String[] parts = text.split("/", -1);
        if (parts.length == 2 && parts[0].matches("[0-9]{1,6}") && parts[1].matches("[0-9]{1,6}")) {
            int k = Integer.parseInt(parts[0]);
            int n = Integer.parseInt(parts[1]);
            if (n >= 1 && k >= 1 && k <= n) {
                return new Shard(k, n);
            }
        }
        throw new InvalidArgumentException("invalid shard " + text + ": use K/N with 1 <= K <= N, e.g. 2/3");
    }

    /**
     * The shard a CI engine's variables name: GitLab's CI_NODE_INDEX and CI_NODE_TOTAL
     * (from 1), or a Kubernetes Indexed Job's JOB_COMPLETION_INDEX (from 0) with the total
     * in RACKER_SHARD_TOTAL, since the pod is not told its job's completion count.
     */
    public static Optional<Shard> fromEnvironment(Map<String, String> env) throws InvalidArgumentException {
        if (env.containsKey("CI_NODE_INDEX") && env.containsKey("CI_NODE_TOTAL")) {
            return Optional.of(parse(env.get("CI_NODE_INDEX") + "/" + env.get("CI_NODE_TOTAL")));
        }
        if (env.containsKey("JOB_COMPLETION_INDEX")) {
            String total = env.get("RACKER_SHARD_TOTAL");
            if (total == null) {
                throw new InvalidArgumentException("JOB_COMPLETION_INDEX is set but RACKER_SHARD_TOTAL is not:"
                        + " set it to the job's completions, or pass --shard K/N");
            }
            String index = env.get("JOB_COMPLETION_INDEX");
            if (!index.matches("[0-9]{1,6}")) {
                throw new InvalidArgumentException("invalid JOB_COMPLETION_INDEX " + index);
            }
            return Optional.of(parse((Integer.parseInt(index) + 1) + "/" + total));
        }
        return Optional.empty();
    }

    public boolean owns(MatrixCell cell) {
        return shardOf(cell.key(), total) == index;
    }

    /** The shard (from 1) of {@code total} a cell key belongs to. */
    public static int shardOf(String key, int total) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            long value = ByteBuffer.wrap(hash, 0, 8).getLong() >>> 1;
            return (int) (value % total) + 1;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return index + "/" + total;
    }
}
