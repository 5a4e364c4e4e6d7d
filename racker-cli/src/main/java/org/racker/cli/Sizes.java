package org.racker.cli;

import java.math.BigDecimal;
import java.math.MathContext;

/** Sizes as docker prints them (decimal units). */
final class Sizes {
    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB"};

    private Sizes() { }

    /** {@code 0B}, {@code 999B}, {@code 1.234kB}, {@code 45.3MB}: four significant digits, as docker's prune prints. */
    static String human(long bytes) {
        return human(bytes, 4);
    }

    /** Decimal units and at most {@code digits} significant digits, as docker prints sizes ({@code images}: 3). */
    static String human(long bytes, int digits) {
        BigDecimal size = BigDecimal.valueOf(bytes);
        int unit = 0;
        BigDecimal thousand = BigDecimal.valueOf(1000);
        while (size.compareTo(thousand) >= 0 && unit < UNITS.length - 1) {
            size = size.divide(thousand);
            unit++;
        }
        return size.round(new MathContext(digits)).stripTrailingZeros().toPlainString() + UNITS[unit];
    }
}
