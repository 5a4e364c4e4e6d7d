package org.racker.cli.it;

import org.racker.testing.TestRootfs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.racker.distro.Catalogue;
import org.racker.distro.ImageSource;
import org.racker.registry.LocalRegistry;
import org.racker.registry.OciLayout;

/**
 * The slower tier of issue 4: the curated Debian images besides bookworm pulled for real from
 * Debian's mirror with the built-in catalogue, then booted; and the same suites as the
 * catalogue's first source serves them, docker's slim images without systemd (here from a
 * local registry standing in for Docker Hub), provisioned with apt from the mirror. Sid's
 * systemd needs the unified cgroup hierarchy, so on a hybrid host like the CI machines it
 * must be refused with the reason; on a unified host it must boot.
 *
 * <p>The pull tests pull; the boot tests boot what a pull test of this run or an earlier one
 * stored in {@link PulledImageCache}. A pull test whose result is still cached (same mirror
 * state, same pull code, younger than a week) is reported as skipped, with the date of the
 * pull that stands for it: it never passes without pulling.
 *
 * <p>No public registry is asked: for the mirror pulls registries.conf blocks docker.io, so
 * each entry's first source (docker://docker.io/library/debian:SUITE-slim) fails at once, as
 * an unreachable registry does, and the pull falls back to the mirror; for the registry pulls
 * it points docker.io at the local registry.
 */
@Tag("integration")
@Tag("slow")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SlowSuitesIT extends IsolatedRackerTest {
    @TempDir
    static Path shared;

    static Map<String, String> env;

    /** Started by the first test that needs Docker Hub's images served locally. */
    static LocalRegistry registry;

    /** Images whose pull failed in this run: their boot tests say so instead of pulling again. */
    static final Set<String> FAILED_PULLS = new HashSet<>();

    @BeforeAll
    static void noPublicRegistry() throws IOException {
        Path conf = shared.resolve("registries.conf");
        Files.writeString(conf, """
                [[registry]]
                prefix = "docker.io"
                location = "docker.io"
                blocked = true
                """);
        // an empty catalogue directory: the built-in entries, not a site's overrides
        Path imagesD = Files.createDirectories(shared.resolve("images.d"));
        env = Map.of("CONTAINERS_REGISTRIES_CONF", conf.toString(), "RACKER_IMAGES_D", imagesD.toString());
    }

    @Order(1)
    @ParameterizedTest(name = "pulls debian-{0} from Debian''s mirror")
    @CsvSource({"bullseye, 11, Debian GNU/Linux 11 (bullseye)", "trixie, 13, Debian GNU/Linux 13 (trixie)",
            "sid, unstable, Debian GNU/Linux forky/sid"})
    void pullsFromTheMirror(String suite, String release, String prettyName) throws IOException {
        String image = "debian-" + suite;
        ImageSource.Bootstrap bootstrap = bootstrapOf(image);
        PulledImageCache.Key key = PulledImageCache.keyFor(image, "", bootstrap.mirror(), bootstrap.suite(),
                PulledImageCache.BOOTSTRAP_CODE);
        Optional<PulledImageCache.Entry> cached = PulledImageCache.fresh(key);
        if (cached.isPresent()) {
            abort(image + " was pulled and checked at " + cached.get().pulled() + " (" + cached.get().dir()
                    + ", same mirror state and pull code); it is pulled again after " + PulledImageCache.MAX_AGE.toDays()
                    + " days, or now with RACKER_TEST_PULLS=always");
        }
        try {
            RackerProcess.Result pull = postroj().run("pull", image);
            assertThat(pull.exitCode()).as(pull.toString()).isZero();
            assertThat(pull.stderr()).contains("skipped docker://docker.io/library/debian:" + suite
                    + "-slim: pulling docker.io/library/debian:" + suite + "-slim is blocked by registries.conf");
            String from = "mmdebstrap " + suite + " from " + bootstrap.mirror();
            assertThat(pull.stdout()).as(pull.toString()).containsPattern(Pattern.quote(image + ": pulled from " + from
                    + " (" + bootstrap.mirror() + " " + suite + ", Release of ") + "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\)");
            key.mirrorRelease().ifPresent(t -> assertThat(pull.stdout()).as("the mirror's own Release date")
                    .contains(", Release of " + t.toString().substring(0, 16).replace('T', ' ') + " UTC"));

            String today = LocalDate.now(ZoneOffset.UTC).toString();
            assertThat(postroj().run("list-images").stdout()).containsPattern(
                    "(?m)^" + image + " +Debian +" + release + " +apt +docker, mmdebstrap +" + today + "$");
            RackerProcess.Result inspect = racker().run("image", "inspect", image);
            assertThat(inspect.exitCode()).as(inspect.toString()).isZero();
            JsonNode record = new ObjectMapper().readTree(inspect.stdout()).get(0);
            assertThat(record.get("Source").asText()).isEqualTo(from);
            assertThat(record.get("SourceDetail").asText()).startsWith(bootstrap.mirror() + " " + suite + ", Release of ");
            assertThat(record.get("Pulled").asText()).startsWith(today);
            assertThat(record.get("Provisioning").toString()).contains("detected " + prettyName)
                    .contains("systemd and curl present: nothing to install");
            // the test boot profile masks units per boot, not in the image
            assertThat(record.get("MaskedUnits").isEmpty()).as(record.toString()).isTrue();
            Path rootfs = Path.of(record.get("Rootfs").asText());
            assertThat(Files.readString(rootfs.resolve("etc/hostname"))).isEqualTo(image + "\n");
            assertThat(rootfs.resolve("usr/bin/curl")).exists();

            assertThat(postroj().run("pull", image).stdout()).contains(image + ": already pulled");
            PulledImageCache.store(key, state.resolve("curated").resolve(image));
        } catch (AssertionError | RuntimeException e) {
            FAILED_PULLS.add(image);
            throw e;
        }
    }

    @Order(2)
    @ParameterizedTest(name = "debian-{0} boots and passes the hostnamectl selftest")
    @CsvSource({"bullseye", "trixie"})
    void bootsAndPassesTheSelftest(String suite) {
        String image = "debian-" + suite;
        linkPulled(image);
        RackerProcess.Result selftest = postroj().run("selftest", "hostnamectl", "--image", image);
        assertThat(selftest.exitCode()).as(selftest.toString()).isZero();
        assertThat(selftest.stdout()).containsPattern("PASS +hostnamectl " + image).contains("1 of 1 passed");
        RackerProcess.Result run = racker().run("run", "--rm", "--name", marker, image, "sh", "-c",
                ". /etc/os-release; echo $VERSION_CODENAME; systemctl is-system-running; hostnamectl --static");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).isEqualTo(suite + "\nrunning\n" + image + "\n");
    }

    @Order(3)
    @Test
    void sidIsRefusedWithTheReasonOnHybridHostsAndBootsOnUnifiedOnes() {
        Path rootfs = linkPulled("debian-sid");
        bootsOrIsRefusedForItsSystemd("debian-sid", rootfs, true);
    }

    @Order(4)
    @ParameterizedTest(name = "debian-{0} from a registry, without systemd, is provisioned from the mirror and boots")
    @CsvSource({"bullseye, Debian GNU/Linux 11 (bullseye)", "trixie, Debian GNU/Linux 13 (trixie)",
            "sid, Debian GNU/Linux forky/sid"})
    void aSlimRegistryImageIsProvisionedFromTheMirror(String suite, String prettyName) throws IOException {
        String image = "debian-" + suite;
        ImageSource.Bootstrap bootstrap = bootstrapOf(image);
        PulledImageCache.Key key = PulledImageCache.keyFor(image, "registry-slim", bootstrap.mirror(), bootstrap.suite(),
                PulledImageCache.REGISTRY_CODE);
        Optional<PulledImageCache.Entry> cached = PulledImageCache.fresh(key);
        if (cached.isPresent()) {
            abort(image + " from a registry was provisioned and booted at " + cached.get().pulled() + " ("
                    + cached.get().dir() + ", same mirror state and pull code); again after "
                    + PulledImageCache.MAX_AGE.toDays() + " days, or now with RACKER_TEST_PULLS=always");
        }
        String reference = "library/debian:" + suite + "-slim";
        Path registriesConf = dockerHubAt(reference, TestRootfs.slim(suite));
        Map<String, String> viaRegistry = Map.of("CONTAINERS_REGISTRIES_CONF", registriesConf.toString(),
                "RACKER_IMAGES_D", env.get("RACKER_IMAGES_D"));
        boolean snapshot = PulledImageCache.release(bootstrap.mirror(), suite).map(PulledImageCache.Release::expired)
                .orElse(false);
        if (snapshot && !bootstrap.aptOptions().isEmpty()) {
            failsClearlyWithoutTheMirrorsAptOptions(suite, reference, registriesConf);
        }
        RackerProcess.Result pull = racker.postroj().withEnv(viaRegistry).run("--verbose", "pull", image);
        assertThat(pull.exitCode()).as(pull.toString()).isZero();
        assertThat(pull.stdout()).contains(image + ": pulled from docker://docker.io/" + reference + " (sha256:");
        List<String> steps = new java.util.ArrayList<>(List.of("apt-get update -q",
                "env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends systemd systemd-sysv dbus"
                        + " curl ca-certificates",
                "apt-get clean && rm -rf /var/lib/apt/lists/*"));
        if (!bootstrap.aptOptions().isEmpty()) {
            // the catalogue's mirror settings hold for this image too: without them apt refuses sid here
            steps.add(0, "printf '%s;\\n' 'Acquire::Check-Valid-Until \"false\"' > /etc/apt/apt.conf.d/99racker");
        }
        for (String step : steps) {
            assertThat(pull.stderr()).contains("provisioning " + image + ": " + step);
        }
        RackerProcess.Result inspect = racker.withEnv(viaRegistry).run("image", "inspect", image);
        JsonNode record = new ObjectMapper().readTree(inspect.stdout()).get(0);
        assertThat(record.get("Source").asText()).isEqualTo("docker://docker.io/" + reference);
        assertThat(record.get("SourceDetail").asText()).startsWith("sha256:");
        List<String> provisioning = new java.util.ArrayList<>();
        record.get("Provisioning").forEach(n -> provisioning.add(n.asText()));
        List<String> expected = new java.util.ArrayList<>(List.of("detected " + prettyName));
        expected.addAll(steps);
        assertThat(provisioning).containsExactlyElementsOf(expected);

        Path rootfs = state.resolve("curated").resolve(image).resolve("rootfs");
        try (Stream<Path> debs = Files.list(rootfs.resolve("var/cache/apt/archives"));
             Stream<Path> lists = Files.list(rootfs.resolve("var/lib/apt/lists"))) {
            assertThat(debs.filter(f -> f.toString().endsWith(".deb")).toList()).as("downloaded packages").isEmpty();
            assertThat(lists.filter(f -> f.toString().endsWith("Packages")).toList()).as("package lists").isEmpty();
        }
        bootsOrIsRefusedForItsSystemd(image, rootfs, false);
        PulledImageCache.store(key, state.resolve("curated").resolve(image));
    }

    /**
     * The same image under an entry without the catalogue's apt options for this snapshot
     * mirror: apt refuses the expired Release, and the error names the image, the step, the
     * reason, the remedy and a log that is still there.
     */
    private void failsClearlyWithoutTheMirrorsAptOptions(String suite, String reference, Path registriesConf)
            throws IOException {
        String name = "it-" + suite + "-without-apt-options";
        Path imagesD = Files.createDirectories(shared.resolve("images.d-" + name));
        Files.writeString(imagesD.resolve("it.json"), """
                {"images": [{"name": "NAME", "family": "debian", "distribution": "Debian", "release": "unstable",
                  "packageManager": "apt", "sources": [{"type": "docker", "reference": "docker.io/REFERENCE"}]}]}
                """.replace("NAME", name).replace("REFERENCE", reference));
        RackerProcess.Result pull = racker.postroj().withEnv(Map.of("CONTAINERS_REGISTRIES_CONF", registriesConf.toString(),
                "RACKER_IMAGES_D", imagesD.toString())).run("pull", name);
        Path log = state.resolve("curated/.logs/" + name + ".provision.log");
        assertThat(pull.exitCode()).as(pull.toString()).isEqualTo(125);
        assertThat(pull.stderr()).contains("provisioning " + name + ": step \"apt-get update -q\" failed with exit status 100:"
                + " E: Release file for ").contains("is expired")
                .contains("Acquire::Check-Valid-Until \"false\"").contains("(full log: " + log + ")");
        assertThat(Files.readString(log)).contains("is expired");
        assertThat(state.resolve("curated").resolve(name)).doesNotExist();
    }

    /**
     * An image boots and names itself, unless its systemd needs the unified cgroup hierarchy
     * and this host lacks it: then racker refuses it with that reason, before nspawn starts.
     */
    private void bootsOrIsRefusedForItsSystemd(String image, Path rootfs, boolean selftestToo) {
        int systemd = systemdVersion(rootfs).orElseThrow(() -> new AssertionError("no libsystemd-shared in " + rootfs));
        boolean unified = Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"));
        RackerProcess.Result run = racker().run("run", "--rm", "--name", marker, image, "sh", "-c",
                "grep ^PRETTY_NAME= /etc/os-release; systemctl is-system-running; hostnamectl --static");
        RackerProcess.Result selftest = selftestToo ? postroj().run("selftest", "hostnamectl", "--image", image) : null;
        if (unified || systemd < 258) {
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.stdout()).matches("PRETTY_NAME=\"Debian GNU/Linux [^\n]*\"\nrunning\n" + image + "\n");
            if (selftest != null) {
                assertThat(selftest.exitCode()).as(selftest.toString()).isZero();
            }
            return;
        }
        String reason = "cannot boot " + image + ": its systemd " + systemd + " needs the unified cgroup hierarchy"
                + " (cgroup v2), and this host has the ";
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(125);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).startsWith("racker: " + reason).contains("systemd.unified_cgroup_hierarchy=1")
                .contains("racker run --vm").hasLineCount(1);
        if (selftest != null) {
            assertThat(selftest.exitCode()).as(selftest.toString()).isEqualTo(5);
            assertThat(selftest.stdout()).containsPattern("FAIL +hostnamectl " + image).contains(reason);
        }
    }

    /**
     * A registries.conf under which docker.io is the local test registry, seeded with {@code
     * reference} built from {@code root}: the catalogue's first source served as Docker Hub
     * would serve it, with no traffic beyond loopback.
     */
    private static synchronized Path dockerHubAt(String reference, Path root) throws IOException {
        if (registry == null) {
            registry = LocalRegistry.builder(shared.resolve("registry")).start();
        }
        String tag = reference.substring(reference.indexOf(':') + 1);
        OciLayout layout = OciLayout.create(shared.resolve("layout-" + tag));
        TestImages.add(layout, tag, List.of(root), Map.of("Cmd", List.of("bash")));
        registry.seed(layout.dir(), tag, reference, true);
        Path conf = shared.resolve("registries-" + tag + ".conf");
        Files.writeString(conf, """
                [[registry]]
                prefix = "docker.io"
                location = "%s"
                insecure = true
                """.formatted(registry.hostPort()));
        return conf;
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    private RackerProcess postroj() {
        return racker.postroj().withEnv(env);
    }

    private RackerProcess racker() {
        return racker.withEnv(env);
    }

    private static ImageSource.Bootstrap bootstrapOf(String image) {
        try {
            return Catalogue.load(List.of()).find(image).orElseThrow().sources().stream()
                    .filter(ImageSource.Bootstrap.class::isInstance).map(ImageSource.Bootstrap.class::cast)
                    .findFirst().orElseThrow(() -> new AssertionError(image + " has no bootstrap source"));
        } catch (org.racker.RackerException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * The image as this run's pull test or an earlier run's stored it, under this test's
     * root; pulled here only when the pull test did not run (filtered out) and nothing is
     * cached.
     */
    private Path linkPulled(String image) {
        if (FAILED_PULLS.contains(image)) {
            fail("pulling " + image + " failed in this run (see its pull test); nothing to boot");
        }
        ImageSource.Bootstrap bootstrap = bootstrapOf(image);
        PulledImageCache.Key key = PulledImageCache.keyFor(image, "", bootstrap.mirror(), bootstrap.suite(),
                PulledImageCache.BOOTSTRAP_CODE);
        PulledImageCache.Entry entry = PulledImageCache.fresh(key).orElseGet(() -> pullForBootTests(key));
        PulledImageCache.linkInto(entry, image, state);
        return state.resolve("curated").resolve(image).resolve("rootfs");
    }

    private PulledImageCache.Entry pullForBootTests(PulledImageCache.Key key) {
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("racker-slow-pull");
            RackerProcess.Result pull = new RackerProcess(scratch).postroj().withEnv(env).run("pull", key.image());
            if (pull.exitCode() != 0) {
                FAILED_PULLS.add(key.image());
                fail("cannot pull " + key.image() + " to boot it: " + pull);
            }
            return PulledImageCache.store(key, scratch.resolve("curated").resolve(key.image()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (scratch != null) {
                try {
                    TestRootfs.deleteTree(scratch);
                } catch (IOException e) {
                    // a temporary directory: the system cleans it eventually
                }
            }
        }
    }

    /**
     * From the name of libsystemd-shared-NNN.so, which every systemd ships: under /usr/lib, or
     * /lib in a root without merged /usr (bullseye's as apt installs systemd into it).
     */
    static OptionalInt systemdVersion(Path rootfs) {
        Pattern shared = Pattern.compile("libsystemd-shared-(\\d+)[.-].*so.*");
        for (String dir : List.of("usr/lib", "lib")) {
            Path start = rootfs.resolve(dir);
            if (Files.isSymbolicLink(start) || !Files.isDirectory(start)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(start, 3)) {
                OptionalInt version = files.map(p -> shared.matcher(p.getFileName().toString())).filter(Matcher::matches)
                        .mapToInt(m -> Integer.parseInt(m.group(1))).findFirst();
                if (version.isPresent()) {
                    return version;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return OptionalInt.empty();
    }
}
