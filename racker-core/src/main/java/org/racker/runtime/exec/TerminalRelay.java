package org.racker.runtime.exec;

import org.racker.host.ExitCleanup;
import com.sun.jna.LastErrorException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.racker.nativeio.PtyCalls;

/**
 * A command running on a {@link ContainerPty}, with racker relaying between the user's
 * terminal (its own stdin and stdout, put in raw mode while the command runs, as ssh and
 * docker do) and the pty's master. Window size changes follow. Waiting for it drains the
 * command's last output and gives the user's terminal its mode back.
 */
final class TerminalRelay extends Process {
    private final Process child;
    private final ContainerPty pty;
    private final Thread output;
    private final String savedMode;
    private final Runnable restoreOnExit;
    private boolean finished;

    private TerminalRelay(Process child, ContainerPty pty, Thread output, String savedMode, Runnable restoreOnExit) {
        this.child = child;
        this.pty = pty;
        this.output = output;
        this.savedMode = savedMode;
        this.restoreOnExit = restoreOnExit;
    }

    static Process start(ProcessBuilder command, ContainerPty pty, boolean interactive) throws IOException {
        java.io.File peer = pty.peerPath().toFile();
        command.redirectInput(Redirect.from(peer)).redirectOutput(Redirect.appendTo(peer)).redirectError(Redirect.appendTo(peer));
        PtyCalls calls = pty.calls();
        boolean terminal = calls.isatty(0) == 1;
        String saved = terminal ? rawMode() : null;
        Runnable restore = () -> restoreMode(saved);
        if (saved != null) {
            ExitCleanup.register(restore);
            pty.takeSizeFrom(0);
            sun.misc.Signal.handle(new sun.misc.Signal("WINCH"), s -> pty.takeSizeFrom(0));
        }
        Process child;
        try {
            child = command.start();
        } catch (IOException e) {
            ExitCleanup.unregister(restore);
            restoreMode(saved);
            pty.close();
            throw e;
        } finally {
            pty.releasePeer();
        }
        Thread output = new Thread(() -> copyOut(pty), "pty-output");
        output.start();
        if (interactive) {
            Thread input = new Thread(() -> copyIn(pty), "pty-input");
            input.setDaemon(true); // blocked in read(0) until the user types; the JVM may end first
            input.start();
        }
        return new TerminalRelay(child, pty, output, saved, restore);
    }

    private static void copyOut(ContainerPty pty) {
        byte[] buffer = new byte[8192];
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        try {
            while (true) {
                long n;
                try {
                    n = pty.calls().read(pty.master(), buffer, buffer.length);
                } catch (LastErrorException e) {
                    if (e.getErrorCode() == PtyCalls.EINTR) {
                        continue;
                    }
                    return; // EIO: every holder of the peer has closed it, the command is done
                }
                if (n <= 0) {
                    return;
                }
                out.write(buffer, 0, (int) n);
                out.flush();
            }
        } catch (IOException e) {
            // the user's terminal is gone
        }
    }

    private static void copyIn(ContainerPty pty) {
        byte[] buffer = new byte[8192];
        try (InputStream in = new FileInputStream(FileDescriptor.in)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                pty.calls().write(pty.master(), buffer, n);
            }
        } catch (IOException | LastErrorException e) {
            // input closed, or the command ended
        }
    }

    /** Puts the terminal on racker's stdin in raw mode; returns its former mode (stty -g). */
    private static String rawMode() throws IOException {
        Process stty = new ProcessBuilder("/bin/sh", "-c", "stty -g && stty raw -echo")
                .redirectInput(Redirect.INHERIT).redirectError(Redirect.INHERIT).start();
        String saved = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        try {
            return stty.waitFor() == 0 && !saved.isEmpty() ? saved : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return saved;
        }
    }

    private static void restoreMode(String saved) {
        if (saved == null) {
            return;
        }
        try {
            new ProcessBuilder("stty", saved).redirectInput(Redirect.INHERIT).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // nothing more to do for the terminal
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized int waitFor() throws InterruptedException {
        int code = child.waitFor();
        if (!finished) {
            finished = true;
            output.join(TimeUnit.SECONDS.toMillis(5));
            pty.close();
            restoreMode(savedMode);
            ExitCleanup.unregister(restoreOnExit);
        }
        return code;
    }

    @Override
    public int exitValue() {
        return child.exitValue();
    }

    @Override
    public void destroy() {
        child.destroy();
    }

    @Override
    public boolean isAlive() {
        return child.isAlive();
    }

    @Override
    public long pid() {
        return child.pid();
    }

    @Override
    public OutputStream getOutputStream() {
        return OutputStream.nullOutputStream();
    }

    @Override
    public InputStream getInputStream() {
        return InputStream.nullInputStream();
    }

    @Override
    public InputStream getErrorStream() {
        return InputStream.nullInputStream();
    }
}
