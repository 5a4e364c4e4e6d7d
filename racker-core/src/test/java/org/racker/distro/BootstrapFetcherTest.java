package org.racker.distro;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootstrapFetcherTest {
    static final ImageSource.Bootstrap TRIXIE =
            new ImageSource.Bootstrap("mmdebstrap", "trixie", "http://deb.debian.org/debian", List.of());

    @Test
    void releaseDateOfADebianReleaseFileIsParsed() {
        assertThat(BootstrapFetcher.parseReleaseDate("Sat, 21 Nov 2026 09:15:44 UTC\n"))
                .contains(Instant.parse("2026-11-21T09:15:44Z"));
        assertThat(BootstrapFetcher.parseReleaseDate("Sat, 9 Aug 2025 09:16:30 UTC"))
                .contains(Instant.parse("2025-08-09T09:16:30Z"));
    }

    @Test
    void unparsableOrEmptyReleaseDateIsUnknown() {
        assertThat(BootstrapFetcher.parseReleaseDate("")).isEmpty();
        assertThat(BootstrapFetcher.parseReleaseDate("yesterday")).isEmpty();
    }

    @Test
    void provenanceNamesTheMirrorsStateNotTheDayOfThePull() {
        assertThat(BootstrapFetcher.detail(TRIXIE, Optional.of(Instant.parse("2026-11-21T09:15:44Z")), LocalDate.of(2026, 11, 29)))
                .isEqualTo("http://deb.debian.org/debian trixie, Release of 2026-11-21 09:15 UTC");
    }

    @Test
    void provenanceWithoutAReleaseDateFallsBackToTheDayOfThePull() {
        assertThat(BootstrapFetcher.detail(TRIXIE, Optional.empty(), LocalDate.of(2026, 11, 29)))
                .isEqualTo("http://deb.debian.org/debian trixie on 2026-11-29");
    }

    @Test
    void customizeHookKeepsTheReleaseDateOfTheListsItFinds(@TempDir Path dir) throws Exception {
        Path lists = Files.createDirectories(dir.resolve("root with space/var/lib/apt/lists"));
        Files.writeString(lists.resolve("deb.debian.org_debian_dists_trixie_InRelease"),
                "-----BEGIN PGP SIGNED MESSAGE-----\nOrigin: Debian\nSuite: stable\nDate: Sat, 21 Nov 2026 09:15:44 UTC\n"
                        + "Valid-Until: Sat, 28 Nov 2026 09:15:44 UTC\n");
        Path target = dir.resolve("it's the date");
        assertThat(runHook(dir.resolve("root with space"), target)).isZero();
        assertThat(Files.readString(target)).isEqualTo("Sat, 21 Nov 2026 09:15:44 UTC\n");
    }

    @Test
    void customizeHookWithoutListsSucceedsAndLeavesNoDate(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Path target = dir.resolve("date");
        assertThat(runHook(root, target)).isZero();
        assertThat(BootstrapFetcher.parseReleaseDate(Files.readString(target))).isEmpty();
    }

    /** As mmdebstrap runs a customize hook: sh -c HOOK with the root as $1. */
    private static int runHook(Path root, Path target) throws Exception {
        return new ProcessBuilder("sh", "-c", BootstrapFetcher.releaseDateHook(target), "exec", root.toString())
                .inheritIO().start().waitFor();
    }
}
