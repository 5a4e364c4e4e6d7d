package org.racker.runtime;

import org.racker.EventLog;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.racker.host.ProcessIdentity;
import org.racker.fs.InterProcessLock;
import org.racker.state.ContainerRecord;
import org.racker.state.ContainerStatus;
import org.racker.state.ContainerStore;

class AbandonedContainerReaperTest {
    @TempDir
    Path root;

    static ContainerRecord running(String id, ProcessIdentity owner) {
        return new ContainerRecord(id, "reaper-test-" + id.substring(0, 6), "img", "/rootfs", List.of("true"), "boot", "h",
                Instant.parse("2026-01-01T00:00:00Z"), ContainerStatus.RUNNING, owner, null, null, null, null, false,
                true, List.of(), null, List.of(), "host", null);
    }

    static ProcessIdentity deadProcess() throws Exception {
        Process p = new ProcessBuilder("sleep", "30").start();
        ProcessIdentity dead = ProcessIdentity.of(p.pid()).orElseThrow();
        p.destroyForcibly().waitFor();
        return dead;
    }

    @Test
    void marksAnAbandonedContainerKilled() throws Exception {
        ContainerStore store = new ContainerStore(root);
        ContainerRecord r = running("a".repeat(64), deadProcess());
        store.create(r);
        new AbandonedContainerReaper(store, EventLog.SILENT).reap();
        ContainerRecord after = store.find(r.id());
        assertThat(after.status()).isEqualTo(ContainerStatus.EXITED);
        assertThat(after.exitCode()).isEqualTo(AbandonedContainerReaper.KILLED);
    }

    @Test
    void aCreatedContainerWaitsForItsStartButOneWhoseStartDiedIsReaped() throws Exception {
        ContainerStore store = new ContainerStore(root);
        ContainerRecord created = running("c".repeat(64), null).notStarted();
        store.create(created);
        ContainerRecord starting = running("d".repeat(64), deadProcess()).starting(null);
        store.create(starting);
        new AbandonedContainerReaper(store, EventLog.SILENT).reap();
        assertThat(store.find(created.id()).status()).isEqualTo(ContainerStatus.CREATED);
        assertThat(store.find(created.id()).awaitsStart()).isTrue();
        assertThat(store.find(starting.id()).status()).isEqualTo(ContainerStatus.EXITED);
    }

    @Test
    void leavesAContainerAloneWhileAnotherRackerHoldsItsLock() throws Exception {
        ContainerStore store = new ContainerStore(root);
        ContainerRecord r = running("b".repeat(64), deadProcess());
        store.create(r);
        try (InterProcessLock held = store.lock(r.id()).orElseThrow()) {
            new AbandonedContainerReaper(store, EventLog.SILENT).reap();
            assertThat(store.find(r.id()).status()).isEqualTo(ContainerStatus.RUNNING);
        }
        new AbandonedContainerReaper(store, EventLog.SILENT).reap();
        assertThat(store.find(r.id()).status()).isEqualTo(ContainerStatus.EXITED);
    }

    @Test
    void aRemovedContainerHasNoLock() throws Exception {
        ContainerStore store = new ContainerStore(root);
        ContainerRecord r = running("d".repeat(64), ProcessIdentity.self());
        store.create(r);
        store.remove(r);
        assertThat(store.lock(r.id())).isEmpty();
        assertThat(store.reload(r.id())).isEmpty();
    }

    @Test
    void saysWhetherTheListItWasGivenIsStale() throws Exception {
        ContainerStore store = new ContainerStore(root);
        store.create(running("c".repeat(64), ProcessIdentity.self()));
        assertThat(new AbandonedContainerReaper(store, EventLog.SILENT).reap(store.list())).isFalse();
        store.create(running("d".repeat(64), deadProcess()));
        assertThat(new AbandonedContainerReaper(store, EventLog.SILENT).reap(store.list())).isTrue();
        assertThat(store.find("d".repeat(64)).status()).isEqualTo(ContainerStatus.EXITED);
        assertThat(new AbandonedContainerReaper(store, EventLog.SILENT).reap(store.list())).isFalse();
    }
}
