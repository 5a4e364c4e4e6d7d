package org.racker.cli.it;

import org.racker.testing.TestRootfs;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Curated images pulled for real by the slow tier, kept between test runs so that a second
 * run boots them in seconds instead of bootstrapping each suite again:
 * {@code $RACKER_TEST_CACHE/curated/NAME/MIRRORSTATE_CODE/} holds what {@code postroj pull}
 * committed ({@code image.json} and {@code rootfs/}).
 *
 * <p>An entry stands for "what this pull code makes of this state of the mirror", so it is
 * keyed by both: the date of the suite's Release file on the mirror, and a hash of the racker
 * classes and catalogue that make the pull (for a registry pull also the registry client,
 * store and unpacker). Either changing makes the next run pull again,
 * and so does age ({@link #MAX_AGE}): the real pull path runs at least once a week even when
 * neither moved (a snapshot mirror never does). {@code RACKER_TEST_PULLS=always} pulls now.
 *
 * <p>Racker never writes to a root it boots (every change lands on an overlay), so tests
 * share an entry through a symbolic link under their own {@code --root}.
 */
final class PulledImageCache {
    static final Duration MAX_AGE = Duration.ofDays(7);

    /** Entries not used for this long go when a newer one of the same image is stored. */
    private static final Duration UNUSED = Duration.ofDays(1);

    private static final DateTimeFormatter RELEASE_DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss z", Locale.ENGLISH);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm");

    /** Entries this JVM stored: fresh whatever RACKER_TEST_PULLS says, they were just pulled. */
    private static final Set<Path> STORED_NOW = new HashSet<>();

    private static final Map<String, Optional<Release>> MIRROR_RELEASES = new HashMap<>();
    private static final Map<List<String>, String> PULL_CODES = new HashMap<>();

    /** What decides a bootstrapped image: sources, provisioning, boot profile, catalogue, the offline command. */
    static final List<String> BOOTSTRAP_CODE = List.of("org/racker/distro/", "org/racker/runtime/OfflineCommand");

    /** The same, and the registry client, image store and layer unpacker a registry pull goes through. */
    static final List<String> REGISTRY_CODE = List.of("org/racker/distro/", "org/racker/runtime/OfflineCommand",
            "org/racker/registry/", "org/racker/store/", "org/racker/layer/", "org/racker/image/");

    private PulledImageCache() { }

    /**
     * What a cached pull must match: the image and how it was pulled ({@code variant}, empty
     * for the catalogue's own sources), the state of the mirror (when it answered), the pull code.
     */
    record Key(String image, String variant, Optional<Instant> mirrorRelease, String code) {
        String cacheName() {
            return variant.isEmpty() ? image : image + "+" + variant;
        }

        String mirrorStamp() {
            return mirrorRelease.map(t -> STAMP.format(t.atOffset(ZoneOffset.UTC))).orElse("unknown");
        }
    }

    /** The dates of a suite's Release file on the mirror: when it was made, and until when apt takes it. */
    record Release(Instant date, Optional<Instant> validUntil) {
        /** Whether apt refuses it unless told Acquire::Check-Valid-Until "false": a snapshot mirror's. */
        boolean expired() {
            return validUntil.isPresent() && validUntil.get().isBefore(Instant.now());
        }
    }

    /** A cached pull: the directory to link as ROOT/curated/NAME, and when it was pulled. */
    record Entry(Path dir, Instant pulled) { }

    static Path base() {
        return TestRootfs.cacheDir().resolve("curated");
    }

    static boolean alwaysPull() {
        return "always".equals(System.getenv("RACKER_TEST_PULLS"));
    }

    /**
     * The mirror is asked once per suite and run: a state that moved on mid-run would have
     * the boot tests miss what this run's pull tests just stored, and pull it again.
     */
    static synchronized Key keyFor(String image, String variant, String mirror, String suite, List<String> code) {
        String hash = PULL_CODES.computeIfAbsent(code, PulledImageCache::pullCodeHash);
        return new Key(image, variant, release(mirror, suite).map(Release::date), hash);
    }

    /** The suite's Release on the mirror as this run saw it first; empty when the mirror did not answer. */
    static synchronized Optional<Release> release(String mirror, String suite) {
        return MIRROR_RELEASES.computeIfAbsent(mirror + " " + suite, k -> fetchRelease(mirror, suite));
    }

    /**
     * A cached pull that matches the key and is young enough. With the mirror unreachable any
     * state of it matches: the boot tests can still run on what was pulled before.
     */
    static synchronized Optional<Entry> fresh(Key key) {
        Path dir = base().resolve(key.cacheName());
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            Optional<Entry> found = entries
                    .filter(e -> Files.isRegularFile(e.resolve("image.json")))
                    .filter(e -> e.getFileName().toString().endsWith("_" + key.code()))
                    .filter(e -> key.mirrorRelease().isEmpty()
                            || e.getFileName().toString().startsWith(key.mirrorStamp() + "_"))
                    .map(e -> new Entry(e, pulledAt(e)))
                    .filter(e -> STORED_NOW.contains(e.dir())
                            || (!alwaysPull() && e.pulled().isAfter(Instant.now().minus(MAX_AGE))))
                    .max(Comparator.comparing(Entry::pulled));
            found.ifPresent(e -> touch(e.dir()));
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Moves a pulled image directory (ROOT/curated/NAME) into the cache under the key, and
     * drops older entries of the image nobody has used for a day (a test run beside this one
     * may be booting one right now).
     */
    static synchronized Entry store(Key key, Path pulledImageDir) {
        Path dir = base().resolve(key.cacheName());
        Path target = dir.resolve(key.mirrorStamp() + "_" + key.code());
        try (FileChannel ch = FileChannel.open(lockFile(key.cacheName()), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = ch.lock()) {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(".incoming-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
            moveOrCopy(pulledImageDir, tmp);
            if (Files.exists(target)) {
                TestRootfs.deleteTree(target);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            STORED_NOW.add(target);
            try (Stream<Path> entries = Files.list(dir)) {
                for (Path old : entries.filter(e -> !e.equals(target)).toList()) {
                    if (Files.getLastModifiedTime(old).toInstant().isBefore(Instant.now().minus(UNUSED))) {
                        TestRootfs.deleteTree(old);
                    }
                }
            }
            return new Entry(target, pulledAt(target));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot cache the pulled " + key.cacheName() + " in " + dir, e);
        }
    }

    /** Makes a cached image ROOT/curated/NAME of a racker state root, as a pull would have. */
    static void linkInto(Entry entry, String image, Path stateRoot) {
        try {
            Path curated = Files.createDirectories(stateRoot.resolve("curated"));
            Files.createSymbolicLink(curated.resolve(image), entry.dir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serialises storing one image across test JVMs sharing the cache. */
    private static Path lockFile(String cacheName) throws IOException {
        return Files.createDirectories(base()).resolve(cacheName + ".lock");
    }

    /**
     * The dates of the suite's Release file on the mirror, read from the top of InRelease: its
     * Date changes whenever the mirror publishes a new state of the suite.
     */
    private static Optional<Release> fetchRelease(String mirror, String suite) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(mirror + "/dists/" + suite + "/InRelease"))
                .timeout(Duration.ofSeconds(30)).build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                if (response.statusCode() != 200) {
                    return Optional.empty();
                }
                // the fields come right after the signature's header; no need to read the whole index
                Instant date = null;
                Optional<Instant> validUntil = Optional.empty();
                String line;
                for (int i = 0; i < 40 && (line = in.readLine()) != null; i++) {
                    if (line.startsWith("Date: ")) {
                        date = ZonedDateTime.parse(line.substring(6).strip(), RELEASE_DATE).toInstant();
                    } else if (line.startsWith("Valid-Until: ")) {
                        validUntil = Optional.of(ZonedDateTime.parse(line.substring(13).strip(), RELEASE_DATE).toInstant());
                    }
                }
                return date == null ? Optional.empty() : Optional.of(new Release(date, validUntil));
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }

    /**
     * A hash of the classes and resources under {@code prefixes} in the jar the launchers run:
     * the part of racker that decides what a pull produces.
     */
    static String pullCodeHash(List<String> prefixes) {
        Path jar = Path.of(Optional.ofNullable(System.getenv("RACKER_JAR"))
                .orElse(RackerProcess.launcher().resolveSibling("../racker-cli/target/racker.jar").toString())).normalize();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            List<ZipEntry> entries = new ArrayList<>(zip.stream()
                    .filter(e -> !e.isDirectory())
                    .filter(e -> prefixes.stream().anyMatch(e.getName()::startsWith))
                    .toList());
            entries.sort(Comparator.comparing(ZipEntry::getName));
            for (ZipEntry e : entries) {
                sha.update(e.getName().getBytes(StandardCharsets.UTF_8));
                try (InputStream in = zip.getInputStream(e)) {
                    sha.update(in.readAllBytes());
                }
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the racker jar " + jar + " (build it first)", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant pulledAt(Path entry) {
        try {
            return Instant.parse(new ObjectMapper().readTree(entry.resolve("image.json").toFile()).path("pulled").asText());
        } catch (IOException | RuntimeException e) {
            return Instant.EPOCH;
        }
    }

    private static void touch(Path dir) {
        try {
            Files.setLastModifiedTime(dir, FileTime.from(Instant.now()));
        } catch (IOException e) {
            // only a hint for pruning
        }
    }

    private static void moveOrCopy(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            // the cache is on another file system than the test's state root
            Process p = new ProcessBuilder("cp", "-a", from.toString(), to.toString()).inheritIO().start();
            try {
                if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                    throw new IOException("cp -a " + from + " " + to + " failed");
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", ie);
            }
        }
    }
}
