package org.racker.state;

import org.racker.NoSuchContainerException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.racker.host.ProcessIdentity;

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
    void findsOneRecordDirectlyAsTheFullReadWould() throws Exception {
        ContainerStore store = new ContainerStore(root);
        ContainerRecord web = record(id('a'), "web", ProcessIdentity.self());
        ContainerRecord named = record("ab" + "c".repeat(62), "ab", ProcessIdentity.self());
        store.create(web);
        store.create(named);
        assertThat(store.findDirectly("web")).contains(web);
        assertThat(store.findDirectly(id('a'))).contains(web);
        assertThat(store.findDirectly("ab")).as("a name wins over an id prefix, as in find").contains(named);
        assertThat(store.find("ab")).isEqualTo(named);
        assertThat(store.findDirectly("abc")).contains(named);
        assertThat(store.findDirectly("a")).as("a prefix two ids share").isEmpty();
        assertThat(store.findDirectly("nothing")).isEmpty();
        assertThat(store.findDirectly("")).isEmpty();
        assertThat(store.findDirectly("../x")).isEmpty();
    }

    @Test
    void aNameWhoseLinkLeadsToAnotherRecordIsLeftToTheFullRead() throws Exception {
        ContainerStore store = new ContainerStore(root);
        store.create(record(id('a'), "web", ProcessIdentity.self()));
        Files.delete(root.resolve("names/web"));
        Files.createSymbolicLink(root.resolve("names/db"), Path.of(id('a')));
        assertThat(store.findDirectly("db")).isEmpty();
        Files.createSymbolicLink(root.resolve("names/other"), Path.of("../../etc"));
        assertThat(store.findDirectly("other")).isEmpty();
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

    /** The ways a state file is found broken: cut short, empty, not a record, mistyped, not JSON, not a file. */
    static void writeDamaged(Path root) throws Exception {
        Path containers = root.resolve("containers");
        String whole = Files.readString(containers.resolve(id('a')).resolve("state.json"));
        Files.createDirectories(containers.resolve(id('1')));
        Files.writeString(containers.resolve(id('1')).resolve("state.json"), whole.substring(0, whole.length() / 2));
        Files.createDirectories(containers.resolve(id('2')));
        Files.writeString(containers.resolve(id('2')).resolve("state.json"), "");
        Files.createDirectories(containers.resolve(id('3')));
        Files.writeString(containers.resolve(id('3')).resolve("state.json"), "{}");
        Files.createDirectories(containers.resolve(id('4')));
        Files.writeString(containers.resolve(id('4')).resolve("state.json"),
                whole.replace(id('a'), id('4')).replaceFirst("\"command\" : \\[[^\\]]*\\]", "\"command\" : 7"));
        Files.createDirectories(containers.resolve(id('5')));
        Files.write(containers.resolve(id('5')).resolve("state.json"), new byte[] {0, (byte) 0xff, 'x', 1});
        Files.createDirectories(containers.resolve(id('6')).resolve("state.json"));
    }

    @Test
    @Tag("security")
    void damagedRecordsAreListedApartAndHideNoOther() throws Exception {
        ContainerStore store = new ContainerStore(root);
        ContainerRecord good = record(id('a'), "good", ProcessIdentity.self());
        store.create(good);
        writeDamaged(root);
        assertThat(store.list()).containsExactly(good);
        assertThat(store.find("good")).isEqualTo(good);
        List<DamagedRecord> damaged = store.contents().damaged();
        assertThat(damaged).extracting(DamagedRecord::id)
                .containsExactlyInAnyOrder(id('1'), id('2'), id('3'), id('4'), id('5'), id('6'));
        for (DamagedRecord d : damaged) {
            assertThat(d.report()).doesNotContain("\n").contains(d.directory().toString())
                    .contains("racker rm -f " + d.id());
        }
        assertThat(store.reload(id('3'))).isEmpty();
    }

    @Test
    @Tag("security")
    void aDamagedRecordIsFoundByIdPrefixOrNameAndRemovedWithItsName() throws Exception {
        ContainerStore store = new ContainerStore(root);
        store.create(record(id('a'), "good", ProcessIdentity.self()));
        store.create(record(id('b'), "bad", ProcessIdentity.self()));
        Files.writeString(root.resolve("containers").resolve(id('b')).resolve("state.json"), "{");
        List<DamagedRecord> damaged = store.contents().damaged();
        assertThat(store.findDamaged("bbbb", damaged)).map(DamagedRecord::id).contains(id('b'));
        assertThat(store.findDamaged("bad", damaged)).map(DamagedRecord::id).contains(id('b'));
        assertThat(store.findDamaged("good", damaged)).isEmpty();
        assertThatThrownBy(() -> store.find("bad")).isInstanceOf(NoSuchContainerException.class);
        store.remove(store.findDamaged("bad", damaged).orElseThrow());
        assertThat(root.resolve("containers").resolve(id('b'))).doesNotExist();
        assertThat(root.resolve("names").resolve("bad")).doesNotExist();
        assertThat(store.contents().damaged()).isEmpty();
        store.create(record(id('c'), "bad", ProcessIdentity.self()));
    }

    @Test
    @Tag("security")
    void aRecordWhoseIdOrNameWouldLeadElsewhereIsDamaged() throws Exception {
        ContainerStore store = new ContainerStore(root);
        store.create(record(id('a'), "good", ProcessIdentity.self()));
        Path state = root.resolve("containers").resolve(id('a')).resolve("state.json");
        String whole = Files.readString(state);
        Files.createDirectories(root.resolve("containers").resolve(id('b')));
        Files.writeString(root.resolve("containers").resolve(id('b')).resolve("state.json"), whole);
        Files.writeString(state, whole.replace("\"good\"", "\"../../etc\""));
        assertThat(store.list()).isEmpty();
        assertThat(store.contents().damaged()).extracting(DamagedRecord::problem)
                .anyMatch(p -> p.contains("../../etc")).anyMatch(p -> p.contains("directory"));
    }

    @Test
    void machineNamesAreValidHostnamesThatCarryTheId() {
        String id = "1a2b3c4d" + "0".repeat(56);
        assertThat(ContainerNames.machineName("c_t3-x", id)).isEqualTo("c-t3-x-1a2b3c4d");
        assertThat(ContainerNames.machineName("a.b_c", id)).isEqualTo("a-b-c-1a2b3c4d");
        String longName = "n".repeat(64);
        assertThat(ContainerNames.machineName(longName, id)).hasSize(64).endsWith("-1a2b3c4d");
        assertThat(ContainerNames.idPrefixOf("c-t3-x-1a2b3c4d")).isEqualTo("1a2b3c4d");
        assertThat(ContainerNames.idPrefixOf("postroj-provision")).isNull();
        assertThat(ContainerNames.isValid("c_t3-x")).isTrue();
        assertThat(ContainerNames.isValid("a\u0000b")).isFalse();
        assertThat(ContainerNames.isValid("a\nb")).isFalse();
        assertThat(ContainerNames.isValid("../x")).isFalse();
    }
}
