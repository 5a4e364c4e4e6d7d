package org.racker.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Aligns tab-separated cells as Go's tabwriter does with docker's settings (minimum width 10,
 * padding 3): a cell ended by a tab is padded to its column's width; the text after a line's
 * last tab is not.
 */
final class TabAligner {
    private static final int MIN_WIDTH = 10;
    private static final int PADDING = 3;

    private TabAligner() { }

    static void print(List<String> text, PrintWriter out) {
        List<String[]> lines = new ArrayList<>();
        for (String t : text) {
            for (String line : t.split("\n", -1)) {
                lines.add(line.split("\t", -1));
            }
        }
        List<Integer> widths = new ArrayList<>();
        for (String[] cells : lines) {
            for (int i = 0; i < cells.length - 1; i++) {
                if (widths.size() <= i) {
                    widths.add(0);
                }
                widths.set(i, Math.max(widths.get(i), Math.max(MIN_WIDTH, cells[i].length() + PADDING)));
            }
        }
        for (String[] cells : lines) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < cells.length; i++) {
                line.append(cells[i]);
                if (i < cells.length - 1) {
                    line.append(" ".repeat(widths.get(i) - cells[i].length()));
                }
            }
            out.println(line);
        }
    }
}
