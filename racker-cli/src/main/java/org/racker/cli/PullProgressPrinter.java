package org.racker.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.racker.api.PullListener;

/**
 * Pull progress as docker shows it: on a terminal one line per layer, redrawn in place with
 * size and speed; elsewhere plain lines, one per event, that logs keep readable.
 */
final class PullProgressPrinter implements PullListener {
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter out;
    private final boolean terminal;
    private final Map<String, String> lines = new LinkedHashMap<>();
    private final long startNanos = System.nanoTime();
    private long lastDraw;
    private int drawn;

    private PullProgressPrinter(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    static PullProgressPrinter to(PrintWriter out) {
        return new PullProgressPrinter(out, System.console() != null && !"dumb".equals(System.getenv("TERM")));
    }

    /** The first twelve hex digits of {@code algorithm:hex}, as docker names a layer. */
    static String shortDigest(String digest) {
        return digest.substring(digest.indexOf(':') + 1).substring(0, 12);
    }

    static String size(long bytes) {
        return Sizes.human(bytes, 3);
    }

    @Override
    public synchronized void resolved(String reference, String manifestDigest, int layers) {
        out.println(reference + ": pulling " + layers + " layer" + (layers == 1 ? "" : "s"));
        out.flush();
    }

    @Override
    public synchronized void layerExists(String layer, long size) {
        update(layer, "already exists");
    }

    @Override
    public synchronized void layerDownloading(String layer, long received, long total) {
        if (!terminal) {
            return;
        }
        double seconds = Math.max(0.001, (System.nanoTime() - startNanos) / 1e9);
        String bar = bar(received, total);
        lines.put(shortDigest(layer), String.format("%s: downloading %s %s/%s %s/s", shortDigest(layer), bar,
                size(received), size(total), size((long) (received / seconds))));
        long now = System.nanoTime();
        if (now - lastDraw > REDRAW_NANOS) {
            lastDraw = now;
            redraw();
        }
    }

    @Override
    public synchronized void layerDownloaded(String layer, long size) {
        update(layer, "downloaded " + size(size));
    }

    @Override
    public synchronized void unpacking(int layers) {
        if (terminal) {
            redraw();
        }
        out.println("unpacking " + layers + " layer" + (layers == 1 ? "" : "s"));
        out.flush();
        lines.clear();
        drawn = 0;
    }

    @Override
    public synchronized void done(String source, String manifestDigest, boolean alreadyPresent) {
        out.println((alreadyPresent ? "image is up to date: " : "pulled ") + source.replaceFirst("^docker://", "")
                + " (" + manifestDigest + ")");
        out.flush();
    }

    private void update(String layer, String status) {
        String line = shortDigest(layer) + ": " + status;
        if (terminal) {
            lines.put(shortDigest(layer), line);
            redraw();
        } else {
            out.println(line);
            out.flush();
        }
    }

    private static String bar(long received, long total) {
        int width = 20;
        int filled = total > 0 ? (int) Math.min(width, received * width / total) : 0;
        return "[" + "=".repeat(filled) + (filled < width ? ">" + " ".repeat(width - filled - 1) : "") + "]";
    }

    /** Moves up over the lines drawn before and writes them all again. */
    private void redraw() {
        StringBuilder sb = new StringBuilder();
        if (drawn > 0) {
            sb.append("\033[").append(drawn).append('A');
        }
        for (String line : lines.values()) {
            sb.append("\r\033[2K").append(line).append('\n');
        }
        drawn = lines.size();
        out.print(sb);
        out.flush();
    }
}
