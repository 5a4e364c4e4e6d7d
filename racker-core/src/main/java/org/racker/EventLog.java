package org.racker;

/**
 * Where the runtime reports what it does: the CLI prints these on stderr with --verbose
 * (info) and --debug (debug); library users may log them or drop them.
 */
public interface EventLog {
    EventLog SILENT = new EventLog() {
        @Override
        public void info(String message) { }

        @Override
        public void debug(String message) { }
    };

    void info(String message);

    void debug(String message);
}
