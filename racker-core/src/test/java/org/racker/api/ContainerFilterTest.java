package org.racker.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.racker.InvalidArgumentException;
import org.racker.state.ContainerRecord;
import org.racker.state.ContainerStatus;

class ContainerFilterTest {
    static ContainerRecord record(String id, String name, String image, ContainerStatus status, Integer exitCode) {
        return new ContainerRecord(id + "0".repeat(64 - id.length()), name, image, "/rootfs", List.of("true"), "boot",
                "h", Instant.parse("2026-01-01T00:00:00Z"), status, null, null, null, exitCode, null, false, true,
                List.of(), null, List.of(), "host", null);
    }

    static final ContainerRecord WEB = record("abc1", "web", "debian:bookworm", ContainerStatus.RUNNING, null);
    static final ContainerRecord WEB2 = record("abc2", "webserver", "docker.io/library/debian:latest",
            ContainerStatus.EXITED, 3);
    static final ContainerRecord DB = record("def", "db", "/srv/rootfs", ContainerStatus.CREATED, null);
    static final ContainerRecord OLD = record("0a1", "old", "debian", ContainerStatus.EXITED, 0);
    static final List<ContainerRecord> ALL = List.of(WEB, WEB2, DB, OLD);

    static List<String> names(String... specs) throws InvalidArgumentException {
        return select(List.of(specs), ALL);
    }

    static List<String> select(List<String> specs, List<ContainerRecord> records) throws InvalidArgumentException {
        List<ContainerInfo> all = records.stream().map(ContainerInfo::of).toList();
        return ContainerFilter.parse(specs).select(all, all).stream().map(ContainerInfo::name).toList();
    }

    @Test
    void noFilterKeepsEverything() throws Exception {
        assertThat(names()).containsExactly("web", "webserver", "db", "old");
    }

    @Test
    void statusIsExactAndOneKeyRepeatedIsAnyOf() throws Exception {
        assertThat(names("status=running")).containsExactly("web");
        assertThat(names("status=exited")).containsExactly("webserver", "old");
        assertThat(names("status=created", "status=running")).containsExactly("web", "db");
        assertThat(names("status=paused")).isEmpty();
    }

    @Test
    void differentKeysMustAllMatch() throws Exception {
        assertThat(names("status=exited", "name=web")).containsExactly("webserver");
        assertThat(names("status=running", "name=db")).isEmpty();
    }

    @Test
    void nameIsASubstringOrRegularExpressionAsInDocker() throws Exception {
        assertThat(names("name=web")).containsExactly("web", "webserver");
        assertThat(names("name=^web$")).containsExactly("web");
        assertThat(names("name=^/web$")).containsExactly("web");
        assertThat(names("name=/db")).containsExactly("db");
        assertThat(names("name=erv")).containsExactly("webserver");
        assertThat(names("name=[")).isEmpty(); // no regular expression: skipped, as docker does
    }

    @Test
    void idIsAPrefixThatNamesOneContainer() throws Exception {
        assertThat(names("id=abc1")).containsExactly("web");
        assertThat(names("id=" + WEB.id())).containsExactly("web");
        assertThat(names("id=abc")).isEmpty(); // ambiguous: docker's prefix index names none
        assertThat(names("id=abc1", "id=def")).containsExactly("web", "db");
        assertThat(names("id=bc1")).isEmpty();
    }

    @Test
    void ancestorIsTheImageAsGivenOrTheSameNormalisedReference() throws Exception {
        assertThat(names("ancestor=debian:bookworm")).containsExactly("web");
        assertThat(names("ancestor=docker.io/library/debian:bookworm")).containsExactly("web");
        assertThat(names("ancestor=debian")).containsExactly("webserver", "old");
        assertThat(names("ancestor=/srv/rootfs")).containsExactly("db");
        assertThat(names("ancestor=ubuntu")).isEmpty();
    }

    @Test
    void exitedIsTheExitCodeOfAnExitedContainer() throws Exception {
        assertThat(names("exited=3")).containsExactly("webserver");
        assertThat(names("exited=0")).containsExactly("old");
        assertThat(names("exited=0", "exited=3")).containsExactly("webserver", "old");
    }

    @Test
    void onlyAStatusFilterListsExitedContainersWithoutDashA() throws Exception {
        assertThat(ContainerFilter.parse(List.of("status=running")).listsAll()).isTrue();
        assertThat(ContainerFilter.parse(List.of("name=x", "exited=0")).listsAll()).isFalse();
    }

    @Test
    void labelsAreKeysOrKeyValuesAndAllMustMatch() throws Exception {
        ContainerRecord a = labelled("aa1", "a", List.of("team=qa", "tier=")), b = labelled("bb1", "b", List.of("team=dev"));
        List<ContainerRecord> all = List.of(a, b);
        java.util.function.Function<String[], List<String>> select = specs -> {
            try {
                return select(List.of(specs), all);
            } catch (InvalidArgumentException e) {
                throw new AssertionError(e);
            }
        };
        assertThat(select.apply(new String[] {"label=team"})).containsExactly("a", "b");
        assertThat(select.apply(new String[] {"label=team=qa"})).containsExactly("a");
        assertThat(select.apply(new String[] {"label=tier"})).containsExactly("a");
        assertThat(select.apply(new String[] {"label=team", "label=tier"})).as("all of them").containsExactly("a");
        assertThat(select.apply(new String[] {"label=team=ops"})).isEmpty();
    }

    private static ContainerRecord labelled(String id, String name, List<String> labels) {
        ContainerRecord r = record(id, name, "img", ContainerStatus.RUNNING, null);
        return new ContainerRecord(r.id(), r.name(), r.image(), r.rootfs(), r.command(), r.mode(), r.hostname(),
                r.created(), r.status(), r.owner(), r.nspawn(), r.leader(), r.exitCode(), r.finished(), r.removeOnExit(),
                r.detached(), r.environment(), r.workingDirectory(), r.volumes(), r.network(), r.networkHelper(),
                r.ports(), r.extraHosts(), r.started(), r.tty(), labels);
    }

    @Test
    void badFiltersAreOneClearError() {
        assertThatThrownBy(() -> names("status")).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("expected name=value");
        assertThatThrownBy(() -> names("=x")).hasMessageContaining("expected name=value");
        assertThatThrownBy(() -> names("colour=red")).hasMessageContaining("unknown key colour");
        assertThatThrownBy(() -> names("network=host")).hasMessageContaining("does not support network");
        assertThatThrownBy(() -> names("status=sleeping")).hasMessageContaining("created, running");
        assertThatThrownBy(() -> names("exited=zero")).hasMessageContaining("exit code");
    }

    @Test
    void keysAreCaseInsensitiveValuesAreNot() throws Exception {
        assertThat(names("NAME=db")).containsExactly("db");
        assertThat(names("name=DB")).isEmpty();
    }
}
