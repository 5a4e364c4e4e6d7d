package org.racker.cli;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** The command names near a mistyped one: within two edits, or starting with it. */
final class CommandSuggestions {
    private CommandSuggestions() { }

    static List<String> near(String word, Collection<String> commands) {
        return commands.stream()
                .filter(c -> !c.equals(word) && (distance(word, c) <= Math.min(2, Math.max(1, word.length() / 2))
                        || (word.length() >= 2 && c.startsWith(word))))
                .sorted(Comparator.comparingInt((String c) -> distance(word, c)).thenComparing(c -> c))
                .limit(3).toList();
    }

    /** Levenshtein distance, with a transposition counted as one edit ("rn" and "nr"). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
