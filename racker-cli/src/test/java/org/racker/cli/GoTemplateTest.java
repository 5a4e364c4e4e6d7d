package org.racker.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.racker.InvalidArgumentException;

class GoTemplateTest {
    static final JsonNode DOC = read("""
            {"Id": "abc", "Name": "/web", "State": {"Running": true, "ExitCode": 0, "Pid": 42},
             "Config": {"Env": ["A=1", "B=2"], "Cmd": ["sh", "-c", "x"], "WorkingDir": "",
                        "Labels": {"team": "qa", "tier": "db"}},
             "Mounts": [{"Source": "/h", "Destination": "/c"}, {"Source": "/i", "Destination": "/d"}]}
            """);

    static JsonNode read(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String render(String template) throws InvalidArgumentException {
        return GoTemplate.parse(template).render(DOC);
    }

    @Test
    void whatPeopleWriteRendersAsGoRendersIt() throws Exception {
        assertThat(render("{{.State.Running}}")).isEqualTo("true");
        assertThat(render("{{ .Name }} {{.State.Pid}}")).isEqualTo("/web 42");
        assertThat(render("{{.Config.Env}}")).isEqualTo("[A=1 B=2]");
        assertThat(render("{{.Config.Labels}}")).isEqualTo("map[team:qa tier:db]");
        assertThat(render("{{json .Config.Env}}")).isEqualTo("[\"A=1\",\"B=2\"]");
        assertThat(render("{{json .}}")).startsWith("{\"Id\":\"abc\"");
        assertThat(render("{{index .Config.Labels \"team\"}}")).isEqualTo("qa");
        assertThat(render("{{index .Config.Labels \"none\"}}")).isEqualTo("<no value>");
        assertThat(render("{{index .Config.Cmd 2}}")).isEqualTo("x");
        assertThat(render("{{join .Config.Cmd \" \"}}")).isEqualTo("sh -c x");
        assertThat(render("{{range .Mounts}}{{.Source}}:{{.Destination}}\\n{{end}}")).isEqualTo("/h:/c\n/i:/d\n");
        assertThat(render("{{if .State.Running}}up{{else}}down{{end}}")).isEqualTo("up");
        assertThat(render("{{if .Config.WorkingDir}}{{.Config.WorkingDir}}{{else}}/{{end}}")).isEqualTo("/");
        assertThat(render("{{upper .Id}} {{len .Config.Env}}")).isEqualTo("ABC 2");
        assertThat(render("{{range .Config.Env}}{{.}},{{end}}")).isEqualTo("A=1,B=2,");
    }

    @Test
    void eqAndNeCompareAsGoDoes() throws Exception {
        assertThat(render("{{range .Config.Env}}{{if eq . \"B=2\"}}found{{end}}{{end}}")).isEqualTo("found");
        assertThat(render("{{eq .State.ExitCode 0}} {{ne .State.ExitCode 0}}")).isEqualTo("true false");
        assertThat(render("{{if eq .Name \"/db\" \"/web\"}}one of them{{end}}")).isEqualTo("one of them");
        assertThat(render("{{if ne .Name \"/web\"}}other{{else}}same{{end}}")).isEqualTo("same");
        assertThatThrownBy(() -> GoTemplate.parse("{{eq .Name}}")).hasMessageContaining("eq takes 2 arguments");
        assertThatThrownBy(() -> GoTemplate.parse("{{ne .A .B .C}}")).hasMessageContaining("ne takes 2 arguments");
    }

    @Test
    void mistakesAreNamedBeforeAnythingIsPrinted() {
        assertThatThrownBy(() -> render("{{.State.Nope}}")).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid --format: can't evaluate field Nope in .State.Nope (fields: ExitCode, Pid, Running)");
        assertThatThrownBy(() -> GoTemplate.parse("{{printf \"%s\" .Id}}"))
                .hasMessageContaining("function \"printf\" not defined");
        assertThatThrownBy(() -> GoTemplate.parse("{{range .Mounts}}x")).hasMessageContaining("{{range}} without {{end}}");
        assertThatThrownBy(() -> GoTemplate.parse("x{{end}}")).hasMessageContaining("{{end}} without its start");
        assertThatThrownBy(() -> GoTemplate.parse("{{json .A .B}}")).hasMessageContaining("json takes 1 argument");
    }
}
