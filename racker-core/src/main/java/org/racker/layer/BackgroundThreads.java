package org.racker.layer;

import com.sun.jna.LastErrorException;
import java.util.ArrayList;
import java.util.List;

/**
 * Threads doing work ahead of need, at a lower scheduling priority until the work is needed.
 * A layer read ahead ({@link LayerStager}) competes for the CPU with the layer being applied,
 * whose decompression is what the whole unpack waits for; on two cores an equal share made
 * the current layer slower by as much as the next one gained. Niced (10), the reading ahead
 * runs on whatever the current layer leaves idle, and {@link #promote()} gives it back the
 * normal priority when the extractor gets to it.
 *
 * <p>Linux gives each thread its own nice value (setpriority on a thread id). Raising it
 * needs no privilege; lowering it again needs CAP_SYS_NICE, which the unpacker, running as
 * root, has. Where either fails nothing else changes: the work just runs at the priority it
 * has.
 */
final class BackgroundThreads {
    private static final int NICE = 10;

    private final List<Integer> threads = new ArrayList<>();
    private boolean background;

    BackgroundThreads(boolean background) {
        this.background = background;
    }

    /** Called by each thread of the work as it starts. */
    synchronized void joined() {
        try {
            int tid = PosixCalls.gettid();
            threads.add(tid);
            if (background) {
                PosixCalls.setpriority(PosixCalls.PRIO_PROCESS, tid, NICE);
            }
        } catch (LastErrorException | UnsatisfiedLinkError e) {
            // stays at the normal priority
        }
    }

    /** The work is needed now: back to the normal priority. */
    synchronized void promote() {
        if (!background) {
            return;
        }
        background = false;
        for (int tid : threads) {
            try {
                PosixCalls.setpriority(PosixCalls.PRIO_PROCESS, tid, 0);
            } catch (LastErrorException e) {
                // not permitted (no CAP_SYS_NICE) or the thread is gone: it keeps running as it is
            }
        }
    }
}
