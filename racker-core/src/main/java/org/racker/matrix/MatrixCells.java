package org.racker.matrix;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.racker.InvalidArgumentException;

/** The cells of a matrix: its image names and globs expanded over the catalogue, times its packages. */
public final class MatrixCells {
    private MatrixCells() { }

    /** Every cell, sorted by key; a name or glob that matches no curated image is an error. */
    public static List<MatrixCell> of(MatrixSpec spec, Collection<String> catalogue) throws InvalidArgumentException {
        TreeSet<String> images = new TreeSet<>();
        for (String pattern : spec.images()) {
            Pattern glob = glob(pattern);
            List<String> matched = catalogue.stream().filter(n -> glob.matcher(n).matches()).toList();
            if (matched.isEmpty()) {
                throw new InvalidArgumentException("images: " + pattern + " matches no curated image"
                        + " (postroj list-images lists them)");
            }
            images.addAll(matched);
        }
        List<MatrixCell> cells = new ArrayList<>();
        for (String image : images) {
            if (spec.packages().isEmpty()) {
                cells.add(new MatrixCell(image, MatrixCell.NO_PACKAGE));
            }
            for (MatrixSpec.PackageEntry p : spec.packages()) {
                cells.add(new MatrixCell(image, p.name()));
            }
        }
        cells.sort(null);
        return List.copyOf(cells);
    }

    /** The cells {@code shard} runs. */
    public static List<MatrixCell> of(List<MatrixCell> cells, Shard shard) {
        return cells.stream().filter(shard::owns).toList();
    }

    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
