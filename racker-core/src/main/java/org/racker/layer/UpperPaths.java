package org.racker.layer;

/**
 * The root-relative paths the current layer has written, and their ancestors: what its
 * whiteouts must spare. A layer can hold millions of entries, so instead of the strings this
 * keeps a 64-bit hash of each in an open-addressing table, 8 to 16 bytes a path.
 *
 * <p>A hash collision would make {@link #contains} say yes for a path the layer did not
 * write, and a whiteout would then spare a lower-layer file. The chance per lookup is about
 * n / 2^64 (5e-14 with a million paths), and only the layer's own author could aim for one,
 * who decides the image's content anyway.
 */
final class UpperPaths {
    private static final long EMPTY = 0;

    private long[] table = new long[1024];
    private int size;

    /** Adds a path; false if it was there already. */
    boolean add(String path) {
        long hash = hash(path);
        if ((size + 1) * 2L > table.length) {
            grow();
        }
        return insert(table, hash);
    }

    boolean contains(String path) {
        long hash = hash(path);
        int mask = table.length - 1;
        for (int i = (int) hash & mask; ; i = (i + 1) & mask) {
            if (table[i] == hash) {
                return true;
            }
            if (table[i] == EMPTY) {
                return false;
            }
        }
    }

    private boolean insert(long[] into, long hash) {
        int mask = into.length - 1;
        for (int i = (int) hash & mask; ; i = (i + 1) & mask) {
            if (into[i] == hash) {
                return false;
            }
            if (into[i] == EMPTY) {
                into[i] = hash;
                if (into == table) {
                    size++;
                }
                return true;
            }
        }
    }

    private void grow() {
        long[] old = table;
        long[] bigger = new long[old.length * 2];
        for (long hash : old) {
            if (hash != EMPTY) {
                insert(bigger, hash);
            }
        }
        table = bigger;
    }

    /** A 64-bit hash of the string's chars with a final avalanche; never {@link #EMPTY}. */
    static long hash(String s) {
        long h = 0x9E3779B97F4A7C15L ^ s.length();
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
        }
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h == EMPTY ? 1 : h;
    }
}
