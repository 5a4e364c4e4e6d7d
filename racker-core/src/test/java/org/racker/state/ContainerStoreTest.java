package org.racker.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.racker.host.ProcessIdentity;
import org.racker.runtime.NameInUseException;
import org.racker.runtime.NoSuchContainerException;

class ContainerStoreTest {
    @TempDir
    Path root;

    static ContainerRecord record(String id, String name, ProcessIdentity owner) {
        return new ContainerRecord(id, name, "img", "/rootfs", List.of("sh", "-c", "x"), "boot", "h",
                Instant.parse("2026-01-01T00:00:00Z"), ContainerStatus.CREATED, owner, null, null, null, null, true,
                false, List.of(), null, List.of(), null, null);
    }

    static String id(char c) {
        return String.valueOf(c).repeat(64);
    }

    @Test
    void roundTripsRecords() throws Exception {
        ContainerStore store = new ContainerStore(root);
        ContainerRecord r = record(id('a'), "one", ProcessIdentity.self());
        store.create(r);
        assertThat(store.list()).containsExactly(r);
        ContainerRecord exited = r.exited(3, Instant.parse("2026-01-01T00:01:00Z"));
        store.save(exited);
        assertThat(store.find("one")).isEqualTo(exited);
    }

    @Test
    void aNameIsGivenOutOnce() throws Exception {
        ContainerStore store = new ContainerStore(root);
        store.create(record(id('a'), "web", ProcessIdentity.self()));
        assertThatThrownBy(() -> store.create(record(id('b'), "web", ProcessIdentity.self())))
                .isInstanceOf(NameInUseException.class).hasMessageContaining("\"web\"");
        assertThat(store.list()).hasSize(1);
        assertThat(root.resolve("containers").resolve(id('b'))).doesNotExist();
    }

    @Test
    void aNameIsFreeAgainAfterRemoval() throws Exception {
        ContainerStore store = new ContainerStore(root);
        ContainerRecord r = record(id('a'), "web", ProcessIdentity.self());
        store.create(r);
        store.remove(r);
        store.create(record(id('b'), "web", ProcessIdentity.self()));
        assertThat(store.find("web").id()).isEqualTo(id('b'));
        assertThat(Files.list(root.resolve("containers")).count()).isEqualTo(1);
    }

    @Test
    void findsByUniqueIdPrefix() throws Exception {
        ContainerStore store = new ContainerStore(root);
        store.create(record("ab" + "0".repeat(62), "x", ProcessIdentity.self()));
        store.create(record("ac" + "0".repeat(62), "y", ProcessIdentity.self()));
        assertThat(store.find("ab").name()).isEqualTo("x");
        assertThatThrownBy(() -> store.find("a")).isInstanceOf(NoSuchContainerException.class);
        assertThatThrownBy(() -> store.find("zz")).isInstanceOf(NoSuchContainerException.class);
    }

    @Test
    void aRecordWhoseOwnerDiedIsAbandoned() throws Exception {
        Process p = new ProcessBuilder("sleep", "30").start();
        ProcessIdentity dead = ProcessIdentity.of(p.pid()).orElseThrow();
        p.destroyForcibly().waitFor();
        assertThat(record(id('a'), "n", dead).isAbandoned()).isTrue();
        assertThat(record(id('a'), "n", ProcessIdentity.self()).isAbandoned()).isFalse();
        assertThat(record(id('a'), "n", dead).exited(0, Instant.now()).isAbandoned()).isFalse();
    }
}
