package org.racker.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthChallengeTest {
    @Test
    void dockerHubBearerChallenge() {
        List<AuthChallenge> challenges = AuthChallenge.parseAll(List.of("Bearer realm=\"https://auth.docker.io/token\","
                + "service=\"registry.docker.io\",scope=\"repository:library/debian:pull\""));
        assertThat(challenges).containsExactly(new AuthChallenge("bearer", Map.of(
                "realm", "https://auth.docker.io/token",
                "service", "registry.docker.io",
                "scope", "repository:library/debian:pull")));
    }

    @Test
    void basicChallengeOfDistribution() {
        assertThat(AuthChallenge.parseAll(List.of("Basic realm=\"racker-test\"")))
                .containsExactly(new AuthChallenge("basic", Map.of("realm", "racker-test")));
    }

    @Test
    void schemeAndParamNamesAreCaseInsensitive() {
        AuthChallenge c = AuthChallenge.parseAll(List.of("BEARER Realm=\"https://r\", SERVICE=svc")).get(0);
        assertThat(c.scheme()).isEqualTo("bearer");
        assertThat(c.param("realm")).isEqualTo("https://r");
        assertThat(c.param("service")).isEqualTo("svc");
    }

    @Test
    void severalChallengesInOneHeader() {
        List<AuthChallenge> challenges = AuthChallenge.parseAll(List.of(
                "Basic realm=\"a, b\", Bearer realm=\"https://t\",service=\"s\""));
        assertThat(challenges).extracting(AuthChallenge::scheme).containsExactly("basic", "bearer");
        assertThat(challenges.get(0).param("realm")).isEqualTo("a, b");
        assertThat(challenges.get(1).param("service")).isEqualTo("s");
    }

    @Test
    void severalHeaders() {
        assertThat(AuthChallenge.parseAll(List.of("Negotiate", "Basic realm=x")))
                .extracting(AuthChallenge::scheme).containsExactly("negotiate", "basic");
    }

    @Test
    void quotedStringEscapesUndone() {
        assertThat(AuthChallenge.parseAll(List.of("Bearer realm=\"https://t\", error=\"say \\\"hi\\\"\""))
                .get(0).param("error")).isEqualTo("say \"hi\"");
    }

    @Test
    void unquotedValuesAndSpacesAroundEquals() {
        AuthChallenge c = AuthChallenge.parseAll(List.of("Bearer realm = https://t/token , service = s")).get(0);
        assertThat(c.param("realm")).isEqualTo("https://t/token");
        assertThat(c.param("service")).isEqualTo("s");
    }

    @Test
    void scopeWithSeveralEntriesKeptWhole() {
        assertThat(AuthChallenge.parseAll(List.of("Bearer realm=\"r\",scope=\"repository:a:pull repository:b:pull\""))
                .get(0).param("scope")).isEqualTo("repository:a:pull repository:b:pull");
    }

    @Test
    void malformedHeadersDoNotLoop() {
        assertThat(AuthChallenge.parseAll(List.of("", "  ,, ", "=\"x\"", "Bearer realm=\"unterminated")))
                .extracting(AuthChallenge::scheme).containsExactly("bearer");
        assertThat(AuthChallenge.parseAll(List.of("Negotiate abc==")))
                .extracting(AuthChallenge::scheme).containsExactly("negotiate");
    }
}
