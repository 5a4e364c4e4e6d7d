package org.racker.cli;

import java.time.Duration;

/** Docker's human durations: "Up 3 seconds", "2 minutes ago". */
final class Durations {
    private Durations() { }

    static String human(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 1) {
            return "Less than a second";
        }
        if (s < 60) {
            return s + (s == 1 ? " second" : " seconds");
        }
        long m = s / 60;
        if (m < 60) {
            return m == 1 ? "About a minute" : m + " minutes";
        }
        long h = m / 60;
        if (h < 48) {
            return h == 1 ? "About an hour" : h + " hours";
        }
        long days = h / 24;
        return days + " days";
    }
}
