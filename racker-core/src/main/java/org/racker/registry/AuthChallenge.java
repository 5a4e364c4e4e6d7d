package org.racker.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One challenge of a WWW-Authenticate header (RFC 7235 section 4.1, auth-params as in
 * RFC 9110 section 11.2), e.g. {@code Bearer realm="https://auth.docker.io/token",
 * service="registry.docker.io",scope="repository:library/debian:pull"} as the token
 * authentication spec (https://distribution.github.io/distribution/spec/auth/token/) uses it.
 * A header may hold several challenges separated by commas, as may several headers.
 */
record AuthChallenge(String scheme, Map<String, String> params) {

    /** The scheme in lower case ("bearer", "basic"), params keyed in lower case. */
    AuthChallenge {
        scheme = scheme.toLowerCase(Locale.ROOT);
        params = Map.copyOf(params);
    }

    String param(String name) {
        return params.get(name);
    }

    /** Every challenge in {@code headerValues}; malformed trailing text is ignored. */
    static List<AuthChallenge> parseAll(List<String> headerValues) {
        List<AuthChallenge> challenges = new ArrayList<>();
        for (String value : headerValues) {
            new Parser(value).parseInto(challenges);
        }
        return challenges;
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        void parseInto(List<AuthChallenge> out) {
            while (true) {
                skip(" \t,");
                String scheme = token();
                if (scheme.isEmpty()) {
                    return;
                }
                Map<String, String> params = new LinkedHashMap<>();
                skip(" \t");
                while (pos < s.length()) {
                    int mark = pos;
                    String name = token();
                    skip(" \t");
                    if (name.isEmpty() || pos >= s.length() || s.charAt(pos) != '=') {
                        // Not name=value: the next challenge's scheme (or a token68 we do not use).
                        pos = mark;
                        if (name.isEmpty()) {
                            pos = s.length();
                        }
                        break;
                    }
                    pos++;
                    skip(" \t");
                    String value = pos < s.length() && s.charAt(pos) == '"' ? quoted() : token();
                    params.put(name.toLowerCase(Locale.ROOT), value);
                    skip(" \t");
                    if (pos < s.length() && s.charAt(pos) == ',') {
                        pos++;
                        skip(" \t,");
                    }
                }
                out.add(new AuthChallenge(scheme, params));
            }
        }

        private void skip(String chars) {
            while (pos < s.length() && chars.indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
        }

        /** An RFC 9110 token: visible characters except separators. */
        private String token() {
            int start = pos;
            while (pos < s.length() && " \t,=\"".indexOf(s.charAt(pos)) < 0) {
                pos++;
            }
            return s.substring(start, pos);
        }

        /** A quoted-string, backslash escapes undone; an unterminated one runs to the end. */
        private String quoted() {
            StringBuilder value = new StringBuilder();
            pos++;
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == '"') {
                    break;
                } else if (c == '\\' && pos < s.length()) {
                    value.append(s.charAt(pos++));
                } else {
                    value.append(c);
                }
            }
            return value.toString();
        }
    }
}
