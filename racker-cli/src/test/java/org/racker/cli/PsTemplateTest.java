package org.racker.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.racker.InvalidArgumentException;
import org.racker.state.ContainerRecord;
import org.racker.state.ContainerStatus;

class PsTemplateTest {
    static final Instant NOW = Instant.parse("2026-01-01T00:10:00Z");

    @TempDir
    static Path roots;

    /** Ids that differ after the 12 digits ps shows, one per name. */
    static ContainerRecord record(String name, ContainerStatus status, List<String> command) {
        String suffix = HexFormat.of().formatHex(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new ContainerRecord("0123456789ab" + (suffix + "c".repeat(52)).substring(0, 52), name, "debian:bookworm", "/rootfs", command,
                "boot", "h", Instant.parse("2026-01-01T00:00:00Z"), status, null, null, null,
                status == ContainerStatus.EXITED ? 2 : null, status == ContainerStatus.EXITED ? NOW : null, false, true,
                List.of(), null, List.of(), "host", null);
    }

    static String render(String format, boolean noTrunc, ContainerRecord... records) throws InvalidArgumentException {
        StringWriter out = new StringWriter();
        PrintWriter writer = new PrintWriter(out);
        PsTemplate.parse(format).print(ContainerInfos.of(roots, records).stream().map(r -> new PsRow(r, NOW, noTrunc))
                .toList(), writer);
        writer.flush();
        return out.toString();
    }

    @Test
    void placeholdersAreReplacedAndTextKept() throws Exception {
        ContainerRecord web = record("web", ContainerStatus.RUNNING, List.of("sleep", "infinity"));
        assertThat(render("{{.ID}} {{.Names}}: {{.Image}} {{.Status}} [{{.State}}]", false, web))
                .isEqualTo("0123456789ab web: debian:bookworm Up 10 minutes [running]\n");
        assertThat(render("{{ .Names }}|{{.Command}}|{{.RunningFor}}|{{.Ports}}|", false, web))
                .isEqualTo("web|\"sleep infinity\"|10 minutes ago||\n");
    }

    @Test
    void noTruncShowsTheWholeIdAndCommand() throws Exception {
        ContainerRecord longOne = record("x", ContainerStatus.EXITED, List.of("sh", "-c", "echo a long command line"));
        assertThat(render("{{.ID}} {{.Command}}", false, longOne))
                .isEqualTo("0123456789ab \"sh -c 'echo a long …\"\n");
        assertThat(render("{{.ID}} {{.Command}} {{.Status}}", true, longOne))
                .isEqualTo(longOne.id() + " \"sh -c 'echo a long command line'\" Exited (2) Less than a second ago\n");
    }

    @Test
    void escapedTabsAndNewlinesBecomeTheRealThing() throws Exception {
        ContainerRecord a = record("a", ContainerStatus.RUNNING, List.of("true"));
        assertThat(render("{{.Names}}\\t{{.State}}\\n--", false, a)).isEqualTo("a\trunning\n--\n");
    }

    @Test
    void tableAddsAHeaderAndAlignsColumnsAsDockersTabwriter() throws Exception {
        ContainerRecord a = record("a", ContainerStatus.RUNNING, List.of("true"));
        ContainerRecord b = record("a-much-longer-name", ContainerStatus.CREATED, List.of("true"));
        assertThat(render("table {{.Names}}\\t{{.State}}\\t{{.ID}}", false, a, b)).isEqualTo(
                "NAMES                STATE     CONTAINER ID\n"
                        + "a                    running   0123456789ab\n"
                        + "a-much-longer-name   created   0123456789ab\n");
    }

    @Test
    void aTableWithoutRowsIsItsHeader() throws Exception {
        assertThat(render("table {{.ID}}\\t{{.CreatedAt}}", false)).isEqualTo("CONTAINER ID   CREATED AT\n");
    }

    @Test
    void createdAtIsGoTimeString() throws Exception {
        java.util.TimeZone saved = java.util.TimeZone.getDefault();
        try {
            java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("UTC"));
            assertThat(render("{{.CreatedAt}}", false, record("a", ContainerStatus.RUNNING, List.of("true"))))
                    .isEqualTo("2026-01-01 00:00:00 +0000 UTC\n");
        } finally {
            java.util.TimeZone.setDefault(saved);
        }
    }

    @Test
    void jsonOfARowHasDockersFieldNames() throws Exception {
        String line = render("{{json .}}", false, record("a", ContainerStatus.RUNNING, List.of("sleep", "5")));
        assertThat(line).startsWith("{\"Command\":\"\\\"sleep 5\\\"\",\"CreatedAt\":").contains("\"Names\":\"a\"")
                .contains("\"State\":\"running\"").contains("\"Labels\":\"\"");
    }

    @Test
    void unknownFieldsFunctionsAndBrokenActionsAreRefused() {
        assertThatThrownBy(() -> PsTemplate.parse("{{.Nope}}")).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("can't evaluate field Nope").hasMessageContaining("Names");
        assertThatThrownBy(() -> PsTemplate.parse("{{.Names | upper}}")).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> PsTemplate.parse("{{.Names}} {{.ID")).hasMessageContaining("unclosed");
    }
}
