package org.racker.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.racker.InvalidArgumentException;
import org.racker.probe.CommandCheck;

class MatrixFileTest {
    private static MatrixSpec parse(String text) throws InvalidArgumentException {
        return MatrixFile.parse("m.yaml", text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aFullMatrixReadsAsWritten() throws Exception {
        MatrixSpec spec = parse("""
                images: [debian-bookworm, "fedora-*"]
                packages:
                  - name: webfs
                    deb: https://example.org/webfs_1.21_amd64.deb
                    rpm: https://example.org/webfs-1.21.x86_64.rpm
                  - name: local
                    file: /srv/pkgs/local_1.0_all.deb
                    checks:
                      units: [local.socket]
                      expect-status: 204
                checks:
                  units: [webfs.service]
                  endpoints: ["http://localhost:8000/", "tcp://localhost:22"]
                  expect-status: 200
                  network-timeout: 9
                  commands:
                    - run: webfsd -h
                      status: 1
                      output: usage
                    - run: true
                timeout: 300
                network: host
                """);
        assertThat(spec.images()).containsExactly("debian-bookworm", "fedora-*");
        assertThat(spec.packages()).containsExactly(
                new MatrixSpec.PackageEntry("webfs", null, "https://example.org/webfs_1.21_amd64.deb",
                        "https://example.org/webfs-1.21.x86_64.rpm"),
                new MatrixSpec.PackageEntry("local", "/srv/pkgs/local_1.0_all.deb", null, null,
                        new MatrixSpec.Checks(List.of("local.socket"), List.of(), List.of(), 204, 5)));
        MatrixSpec.Checks local = spec.checks().plus(spec.packages().get(1).checks());
        assertThat(local.units()).containsExactly("webfs.service", "local.socket");
        assertThat(local.expectStatus()).isEqualTo(204);
        assertThat(local.commands()).hasSize(2);
        assertThat(spec.checks().units()).containsExactly("webfs.service");
        assertThat(spec.checks().endpoints()).hasSize(2);
        assertThat(spec.checks().expectStatus()).isEqualTo(200);
        assertThat(spec.checks().networkTimeout()).isEqualTo(9);
        assertThat(spec.checks().commands()).containsExactly(new CommandCheck("webfsd -h", 1, "usage"),
                new CommandCheck("true", 0, null));
        assertThat(spec.timeout()).isEqualTo(300);
        assertThat(spec.network()).isEqualTo("host");
    }

    @Test
    void jsonIsReadToo() throws Exception {
        MatrixSpec spec = parse("{\"images\": [\"debian-*\"], \"checks\": {\"units\": [\"systemd-journald\"]}}");
        assertThat(spec.images()).containsExactly("debian-*");
        assertThat(spec.packages()).isEmpty();
        assertThat(spec.timeout()).isEqualTo(MatrixSpec.DEFAULT_TIMEOUT);
        assertThat(spec.network()).isEqualTo("private");
    }

    @Test
    void vmProbesEveryCellInAVmAndTakesNoNetwork() throws Exception {
        assertThat(parse("images: [debian-bookworm]\nvm: true\n").vm()).isTrue();
        assertThat(parse("images: [debian-bookworm]\nvm: false\n").vm()).isFalse();
        assertThat(parse("images: [debian-bookworm]\n").vm()).isFalse();
        assertError("images: [debian-bookworm]\nvm: true\nnetwork: host\n",
                "m.yaml: network: a VM has its own network (QEMU's user mode): leave out network: where vm: is true");
        assertError("images: [debian-bookworm]\nvm: [yes]\n", "m.yaml:2: vm: expected true or false");
    }

    @Test
    void mistakesNameTheLineOrTheFieldInOneLine() {
        assertError("images: [debian-bookworm]\npackges: []\n", "m.yaml:2: packges: unknown field packges (known: ");
        assertError("images: [debian-bookworm]\ntimeout: soon\n", "m.yaml:2: timeout: expected a whole number");
        assertError("images: debian-bookworm\n", "m.yaml:1: images: expected a list");
        assertError("images: [a\n", "m.yaml:");
        assertError("", "m.yaml: the matrix file is empty");
        assertError("packages: []\n", "m.yaml: images: name at least one curated image or glob");
        assertError("images: [Debian]\n", "m.yaml: images[0]: \"Debian\" is not an image name or glob");
        assertError("images: [x]\npackages:\n  - deb: a.deb\n", "m.yaml: packages[0].name: give each package a name");
        assertError("images: [x]\npackages:\n  - name: a\n    deb: a.deb\n  - name: a\n    deb: b.deb\n",
                "m.yaml: packages[1].name: a is named twice");
        assertError("images: [x]\npackages:\n  - name: a\n", "m.yaml: packages[0]: a needs file:, or deb: and/or rpm:");
        assertError("images: [x]\npackages:\n  - name: a\n    deb: a.rpm\n", "m.yaml: packages[0].deb: a.rpm is not a .deb file");
        assertError("images: [x]\npackages:\n  - name: a\n    file: ftp://h/a.deb\n",
                "m.yaml: packages[0].file: ftp://h/a.deb: only http(s) URLs and local paths are supported");
        assertError("images: [x]\nchecks:\n  endpoints: [ftp://x]\n", "m.yaml: checks.endpoints[0]: \"ftp://x\" is not an endpoint");
        assertError("images: [x]\nchecks:\n  commands:\n    - status: 1\n", "m.yaml: checks.commands[0].run: give the command");
        assertError("images: [x]\nchecks:\n  commands:\n    - run: x\n      status: 300\n",
                "m.yaml: checks.commands[0].status: 300 is not an exit status");
        assertError("images: [x]\nnetwork: none\n", "m.yaml: network: none is not a network; use private or host");
        assertError("images: [x]\npackages:\n  - name: a\n    deb: a.deb\n    checks:\n      units: [\"a b\"]\n",
                "m.yaml: packages[0].checks.units[0]: \"a b\" is not a unit name");
        assertError("images: [x]\ntimeout: 0\n", "m.yaml: timeout: must be a positive number of seconds");
    }

    private static void assertError(String text, String start) {
        assertThatThrownBy(() -> parse(text)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageStartingWith(start).message().doesNotContain("\n").doesNotContain("com.fasterxml");
    }
}
