package org.racker.registry;

import java.net.URI;

/**
 * A URL as racker may print it (in --debug output and messages). Blob storage hands out
 * pre-signed URLs whose query string is the credential (X-Amz-Signature, X-Goog-Signature,
 * sig=, token=...), and a URL may carry user:password@: this keeps the scheme, host, port and
 * path, and of the query only the parameter names, each value replaced by "REDACTED", so a
 * log still shows which kind of URL it was without a secret that works.
 */
final class RedactedUri {
    static final String REDACTED = "REDACTED";

    private RedactedUri() { }

    static String of(URI uri) {
        StringBuilder out = new StringBuilder();
        if (uri.getScheme() != null) {
            out.append(uri.getScheme()).append(':');
        }
        if (uri.getRawAuthority() != null) {
            out.append("//");
            if (uri.getHost() != null) {
                out.append(uri.getHost());
                if (uri.getPort() >= 0) {
                    out.append(':').append(uri.getPort());
                }
            } else {
                // A registry-based authority java.net.URI could not split: it may hold user:password@.
                String authority = uri.getRawAuthority();
                out.append(authority.substring(authority.lastIndexOf('@') + 1));
            }
        }
        if (uri.getRawPath() != null) {
            out.append(uri.getRawPath());
        } else if (uri.getRawSchemeSpecificPart() != null && uri.getRawAuthority() == null) {
            // opaque URIs (mailto:, data:) say nothing worth the risk
            out.append(REDACTED);
            return out.toString();
        }
        String query = uri.getRawQuery();
        if (query != null) {
            out.append('?');
            String[] pairs = query.split("&", -1);
            for (int i = 0; i < pairs.length; i++) {
                int eq = pairs[i].indexOf('=');
                // A bare value without a name ("?SECRET") is all value.
                out.append(i == 0 ? "" : "&").append(eq < 0 ? REDACTED : pairs[i].substring(0, eq) + "=" + REDACTED);
            }
        }
        return out.toString();
    }

    /** {@link #of(URI)} for text that may not even parse as a URI (a token realm from a header). */
    static String of(String text) {
        try {
            return of(URI.create(text));
        } catch (IllegalArgumentException e) {
            return "(a malformed URL)";
        }
    }
}
