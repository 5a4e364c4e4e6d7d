package org.racker.runtime.process;

import java.util.List;
import java.util.Locale;
import org.racker.InvalidArgumentException;

/**
 * A signal as users name it to {@code kill -s} and {@code stop -s}: {@code KILL}, {@code SIGKILL},
 * {@code 9}, or a real-time one ({@code RTMIN+3}, which a booted systemd takes as "halt").
 * Numbers are Linux's; real-time ones count from glibc's SIGRTMIN (34), as kill(1) does.
 */
public record Signal(int number) {
    public static final Signal KILL = new Signal(9);
    public static final Signal TERM = new Signal(15);

    private static final List<String> NAMES = List.of("", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS",
            "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP",
            "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS");
    private static final int RTMIN = 34;
    private static final int RTMAX = 64;

    public Signal {
        if (number < 1 || number > RTMAX) {
            throw new IllegalArgumentException("no signal " + number);
        }
    }

    public static Signal parse(String text) throws InvalidArgumentException {
        String name = text.strip().toUpperCase(Locale.ROOT);
        if (name.startsWith("SIG")) {
            name = name.substring(3);
        }
        try {
            if (name.matches("\\d+")) {
                return new Signal(Integer.parseInt(name));
            }
            int index = NAMES.indexOf(name);
            if (index > 0) {
                return new Signal(index);
            }
            if (name.equals("IOT")) {
                return new Signal(6);
            }
            if (name.equals("POLL")) {
                return new Signal(29);
            }
            if (name.matches("RTMIN(\\+\\d+)?")) {
                return new Signal(RTMIN + (name.length() > 5 ? Integer.parseInt(name.substring(6)) : 0));
            }
            if (name.matches("RTMAX(-\\d+)?")) {
                return new Signal(RTMAX - (name.length() > 5 ? Integer.parseInt(name.substring(6)) : 0));
            }
        } catch (IllegalArgumentException e) {
            // a number out of range: said below
        }
        throw new InvalidArgumentException("invalid signal " + InvalidArgumentException.quoted(text)
                + ": use a name such as TERM, KILL, HUP or RTMIN+3, or a number from 1 to " + RTMAX);
    }

    /** The name kill(1) prints, without the SIG prefix. */
    public String name() {
        if (number < NAMES.size()) {
            return NAMES.get(number);
        }
        return number < RTMIN ? Integer.toString(number)
                : number <= (RTMIN + RTMAX) / 2 ? "RTMIN" + (number == RTMIN ? "" : "+" + (number - RTMIN))
                : "RTMAX" + (number == RTMAX ? "" : "-" + (RTMAX - number));
    }

    @Override
    public String toString() {
        return "SIG" + name();
    }
}
