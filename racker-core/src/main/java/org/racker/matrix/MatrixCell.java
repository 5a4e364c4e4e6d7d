package org.racker.matrix;

/**
 * One image probed with one package (or bare, {@code pkg} empty). Its key names it in reports
 * and decides its shard, so it depends on the cell alone, never on its place in the file.
 */
public record MatrixCell(String image, String pkg) implements Comparable<MatrixCell> {
    /** The package name of a cell that installs nothing. */
    public static final String NO_PACKAGE = "";

    public String key() {
        return pkg.isEmpty() ? image : image + "/" + pkg;
    }

    @Override
    public int compareTo(MatrixCell other) {
        return key().compareTo(other.key());
    }
}
