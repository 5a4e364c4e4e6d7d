package org.racker.autopkgtest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The words as Python's urllib.parse.quote and unquote have them, which autopkgtest uses. */
class PercentEncodingTest {
    @Test
    void quoteKeepsLettersDigitsSlashAndUnreserved() {
        assertThat(PercentEncoding.encode("/usr/bin/env-i_x.y~z")).isEqualTo("/usr/bin/env-i_x.y~z");
    }

    @Test
    void quoteEncodesSpacesCommasAndShellCharacters() {
        assertThat(PercentEncoding.encode("a b,c=$\"'%+")).isEqualTo("a%20b%2Cc%3D%24%22%27%25%2B");
    }

    @Test
    void quoteEncodesUtf8ByteForByte() {
        assertThat(PercentEncoding.encode("ä")).isEqualTo("%C3%A4");
    }

    @Test
    void unquoteLeavesPlusAsPlus() {
        assertThat(PercentEncoding.decode("a+b%20c")).isEqualTo("a+b c");
    }

    @Test
    void unquoteLeavesAStrayPercentAsItIs() {
        assertThat(PercentEncoding.decode("100%")).isEqualTo("100%");
        assertThat(PercentEncoding.decode("%zz%4")).isEqualTo("%zz%4");
    }

    @Test
    void roundTrip() {
        String word = "sh -c 'exec \"$@\"' , ä%";
        assertThat(PercentEncoding.decode(PercentEncoding.encode(word))).isEqualTo(word);
    }
}
