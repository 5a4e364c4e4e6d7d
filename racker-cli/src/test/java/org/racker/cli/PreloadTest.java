package org.racker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PreloadTest {
    private static final List<String> SET = List.of("jdk.httpclient.bufsize", "jna.platform.library.path",
            "picocli.converters.excludes", "picocli.disable.closures");
    private final Map<String, String> before = new HashMap<>();

    @BeforeEach
    void remember() {
        SET.forEach(p -> before.put(p, System.getProperty(p)));
        SET.forEach(System::clearProperty);
    }

    @AfterEach
    void restore() {
        before.forEach((p, v) -> {
            if (v == null) {
                System.clearProperty(p);
            } else {
                System.setProperty(p, v);
            }
        });
    }

    @Test
    void theLauncherSettingsAreMade() {
        Preload.launcherSettings();

        assertThat(System.getProperty("picocli.disable.closures")).isEqualTo("true");
        assertThat(System.getProperty("jna.platform.library.path")).isEmpty();
        assertThat(System.getProperty("jdk.httpclient.bufsize")).isEqualTo("262144");
        assertThat(System.getProperty("picocli.converters.excludes")).contains("java\\.sql\\.");
    }

    @Test
    void aValueTheUserSetWins() {
        System.setProperty("jdk.httpclient.bufsize", "4096");

        Preload.launcherSettings();

        assertThat(System.getProperty("jdk.httpclient.bufsize")).isEqualTo("4096");
    }
}
