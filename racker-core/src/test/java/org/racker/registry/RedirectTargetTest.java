package org.racker.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Which redirects the transport follows, and what it says about those it does not. */
@Tag("security")
class RedirectTargetTest {
    private static final URI PLAIN = URI.create("http://127.0.0.1:5000/v2/a/blobs/sha256:ab");
    private static final URI TLS = URI.create("https://registry.example/v2/a/blobs/sha256:ab");

    @Test
    void httpAndHttpsFollowed() throws Exception {
        assertThat(RegistryTransport.redirectTarget(PLAIN, "http://127.0.0.2:9000/data?sig=x"))
                .isEqualTo(URI.create("http://127.0.0.2:9000/data?sig=x"));
        assertThat(RegistryTransport.redirectTarget(TLS, "/other/path")).isEqualTo(URI.create("https://registry.example/other/path"));
        assertThat(RegistryTransport.redirectTarget(PLAIN, "HTTPS://cdn.example/x")).hasHost("cdn.example");
    }

    @Test
    void fileUrlNamedAndRefused() {
        assertThatThrownBy(() -> RegistryTransport.redirectTarget(PLAIN, "file:///etc/shadow"))
                .isInstanceOf(RedirectRefusedException.class)
                .hasMessage("the registry redirected to a file: URL, which racker does not follow (only http and https)");
    }

    @Test
    void otherSchemesRefused() {
        assertThatThrownBy(() -> RegistryTransport.redirectTarget(PLAIN, "ftp://127.0.0.1/x"))
                .hasMessageContaining("redirected to a ftp: URL");
        assertThatThrownBy(() -> RegistryTransport.redirectTarget(PLAIN, "jar:file:/x.jar!/y"))
                .hasMessageContaining("redirected to a jar: URL");
    }

    @Test
    void downgradeFromHttpsRefused() {
        assertThatThrownBy(() -> RegistryTransport.redirectTarget(TLS, "http://cdn.example/x"))
                .isInstanceOf(RedirectRefusedException.class)
                .hasMessageContaining("from HTTPS to plain HTTP (cdn.example)");
    }

    @Test
    void malformedAndHostlessRefused() {
        assertThatThrownBy(() -> RegistryTransport.redirectTarget(PLAIN, "http://exa mple/"))
                .hasMessageContaining("malformed URL");
        assertThatThrownBy(() -> RegistryTransport.redirectTarget(PLAIN, "http:/no-host"))
                .hasMessageContaining("without a host");
    }
}
