package org.racker.runtime.logs;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import org.racker.output.LogStream;
import org.racker.output.OutputLog;

/**
 * A foreground command's stdout and stderr passed on to racker's own as they come, and kept
 * in the container's {@link OutputLog} for {@code racker logs}, as docker keeps a container's
 * output. Only runs whose container outlives them need this; the others hand the command
 * racker's descriptors directly.
 */
public final class OutputRelay {
    private final OutputLog.Writer writer;
    private final Thread out;
    private final Thread err;

    private OutputRelay(OutputLog.Writer writer, Thread out, Thread err) {
        this.writer = writer;
        this.out = out;
        this.err = err;
    }

    /**
     * Starts copying {@code process}'s two output pipes.
     *
     * @param filterNspawn stderr also carries nspawn's own messages (an app container), which
     *     are neither the user's nor the log's
     */
    public static OutputRelay start(Process process, OutputLog log, boolean filterNspawn) throws IOException {
        OutputLog.Writer writer = log.open(Clock.systemUTC());
        OutputStream toOut = new Tee(new FileOutputStream(FileDescriptor.out), writer.stream(LogStream.STDOUT));
        OutputStream toErr = new Tee(new FileOutputStream(FileDescriptor.err), writer.stream(LogStream.STDERR));
        Thread out = pump(process.getInputStream(), toOut, "stdout-" + process.pid());
        Thread err = filterNspawn
                ? thread(new NspawnNoiseFilter(process.getErrorStream(), toErr), "stderr-" + process.pid())
                : pump(process.getErrorStream(), toErr, "stderr-" + process.pid());
        return new OutputRelay(writer, out, err);
    }

    /**
     * Waits up to {@code millis} for both streams to end (the command's last bytes delivered),
     * then closes the log, with a last line that had no newline. A stream a leftover process
     * still holds open is cut off.
     */
    public void finish(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        out.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        err.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        try {
            writer.close();
        } catch (IOException e) {
            // the log is as complete as it could be made
        }
    }

    private static Thread pump(InputStream in, OutputStream to, String name) {
        return thread(() -> {
            byte[] buffer = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    to.write(buffer, 0, n);
                    to.flush();
                }
            } catch (IOException e) {
                // the pipe or the log went away; nothing more to deliver
            }
        }, name);
    }

    private static Thread thread(Runnable body, String name) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Writes to the user's descriptor and to the log. The user comes first and keeps getting
     * output if the log fails (a full disk does not stop the command's output).
     */
    private static final class Tee extends OutputStream {
        private final OutputStream user;
        private final OutputStream log;
        private boolean logFailed;

        Tee(OutputStream user, OutputStream log) {
            this.user = user;
            this.log = log;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                user.write(b, off, len);
            } catch (IOException e) {
                // the reader went away (a closed pipe); the log still gets the output
            }
            if (!logFailed) {
                try {
                    log.write(b, off, len);
                } catch (IOException e) {
                    logFailed = true;
                }
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                user.flush();
            } catch (IOException e) {
                // as in write
            }
        }
    }
}
