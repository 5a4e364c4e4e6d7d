package org.racker.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.racker.api.ContainerConfig;

/**
 * A container for a test, on a field or parameter of type {@link org.racker.api.Container} in
 * a {@link RackerTest} class. A static field holds one container for the whole class, started
 * before its {@code @BeforeAll} methods and removed after its {@code @AfterAll} ones; an
 * instance field one per test, around {@code @BeforeEach} and {@code @AfterEach} (per class
 * with {@code @TestInstance(PER_CLASS)}); a parameter one for the method it is passed to.
 *
 * <pre>{@code
 * @RackerTest
 * class WebServerTest {
 *     @OsContainer(image = "debian-bookworm", waitForUnits = "systemd-journald.service")
 *     static Container debian;
 *
 *     @Test
 *     void hasJournal() throws Exception {
 *         assertEquals(0, debian.exec("journalctl", "-n", "1").exitCode());
 *     }
 * }
 * }</pre>
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OsContainer {
    /**
     * A curated image ({@code debian-bookworm}), a registry reference, or a root directory (a
     * path starting with {@code /}, {@code ./} or {@code ../}). {@code ${name}} stands for the
     * configuration parameter or system property {@code name}, so a build can choose the image.
     */
    String image();

    /** Boot the image's systemd, run the command as the main process, or choose by the image. */
    ContainerConfig.Mode mode() default ContainerConfig.Mode.AUTO;

    /** An app container's main process; empty for a booted one (or the image's default). */
    String[] command() default {};

    /** Variables for every command in the container, as {@code NAME=value}. */
    String[] env() default {};

    /** The container's network; with {@link #ports()}, the default HOST means a private network of its own. */
    ContainerConfig.Network network() default ContainerConfig.Network.HOST;

    /**
     * Ports to publish, as {@code docker run -p} takes them; {@code "127.0.0.1::80"} leaves the
     * host port to racker ({@link org.racker.api.Container#hostPort} tells which).
     */
    String[] ports() default {};

    /**
     * {@link ContainerConfig.BootProfile#TEST} by default: a test container has no use for
     * gettys, logind or timers, and boots faster without them.
     */
    ContainerConfig.BootProfile bootProfile() default ContainerConfig.BootProfile.TEST;

    /** Units that must be active before the test gets the container. */
    String[] waitForUnits() default {};

    /** TCP ports that must be listening in the container's network before the test gets it. */
    int[] waitForPorts() default {};

    /** A regular expression a line of the container's log must match before the test gets it. */
    String waitForLog() default "";

    /**
     * Boot the image as a QEMU VM with a kernel of its own instead of a container (see
     * {@link ContainerConfig.Builder#vm}): the test's {@link org.racker.api.Container} runs
     * commands and copies files through the guest agent. Wait for ports with a unit (the
     * VM's sockets are not the host's to read).
     */
    boolean vm() default false;

    /**
     * How long the container may take to boot (an app container: to start); 0 for the
     * default: 60 s, or 10 minutes for a {@link #vm()} (software emulation where there is no KVM).
     */
    int bootTimeoutSeconds() default 0;

    /** How long each wait (units, ports, log line) may take, counted from when it begins. */
    int waitTimeoutSeconds() default 60;
}
