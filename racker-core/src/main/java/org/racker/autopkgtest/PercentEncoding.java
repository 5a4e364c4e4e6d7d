package org.racker.autopkgtest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The protocol's word encoding: Python's {@code urllib.parse.quote} and {@code unquote},
 * which autopkgtest uses on its side. Unlike HTML forms, {@code +} is a plus, not a space,
 * so {@link java.net.URLDecoder} does not fit.
 */
final class PercentEncoding {
    private static final String HEX = "0123456789ABCDEF";

    private PercentEncoding() { }

    /** Every byte but letters, digits, {@code _.-~} and {@code /} as {@code %XX}, as quote() does. */
    static String encode(String word) {
        StringBuilder out = new StringBuilder();
        for (byte b : word.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "_.-~/".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 15));
            }
        }
        return out.toString();
    }

    /** {@code %XX} to its byte; a {@code %} not followed by two hex digits stays as it is, as unquote() leaves it. */
    static String decode(String word) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%' && i + 2 < bytes.length && hex(bytes[i + 1]) >= 0 && hex(bytes[i + 2]) >= 0) {
                out.write(hex(bytes[i + 1]) << 4 | hex(bytes[i + 2]));
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte b) {
        return Character.digit((char) b, 16);
    }
}
