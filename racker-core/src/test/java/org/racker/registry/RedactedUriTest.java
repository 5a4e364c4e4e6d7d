package org.racker.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("security")
class RedactedUriTest {
    @Test
    void signedStorageUrlKeepsParameterNamesOnly() {
        String redacted = RedactedUri.of(URI.create("https://bucket.s3.amazonaws.com:443/docker/blobs/sha256/ab/data"
                + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%2F20260101&X-Amz-Signature=deadbeef42"));
        assertThat(redacted).isEqualTo("https://bucket.s3.amazonaws.com:443/docker/blobs/sha256/ab/data"
                + "?X-Amz-Algorithm=REDACTED&X-Amz-Credential=REDACTED&X-Amz-Signature=REDACTED");
    }

    @Test
    void userInfoDropped() {
        assertThat(RedactedUri.of(URI.create("http://alice:s3cret@registry.example:5000/v2/")))
                .isEqualTo("http://registry.example:5000/v2/");
    }

    @Test
    void bareQueryValueIsAllSecret() {
        assertThat(RedactedUri.of(URI.create("https://cdn.example/blob?c2lnbmF0dXJl")))
                .isEqualTo("https://cdn.example/blob?REDACTED");
    }

    @Test
    void fragmentDropped() {
        assertThat(RedactedUri.of(URI.create("https://cdn.example/blob#token=abc"))).isEqualTo("https://cdn.example/blob");
    }

    @Test
    void urlWithoutQueryUnchanged() {
        assertThat(RedactedUri.of(URI.create("http://127.0.0.1:5000/v2/team/app/manifests/v1")))
                .isEqualTo("http://127.0.0.1:5000/v2/team/app/manifests/v1");
    }

    @Test
    void opaqueAndMalformedUrlsShowNothingOfTheirContent() {
        assertThat(RedactedUri.of(URI.create("mailto:alice@example.com"))).isEqualTo("mailto:REDACTED");
        assertThat(RedactedUri.of("http://exa mple/?sig=abc")).isEqualTo("(a malformed URL)");
        assertThat(RedactedUri.of(URI.create("file:///etc/passwd"))).isEqualTo("file:/etc/passwd");
    }
}
