package org.racker.examples.webfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.racker.api.Container;
import org.racker.api.ContainerConfig;
import org.racker.api.ExecResult;
import org.racker.api.WaitStrategy;
import org.racker.junit5.OsContainer;
import org.racker.junit5.RackerTest;

/** The webfs package, installed into a fresh Debian, serves files over HTTP from its unit. */
@RackerTest
class WebfsPackageTest {
    private static final Duration SERVICE_START = Duration.ofSeconds(30);

    // One booted container for the class, in a network of its own: webfs's port 8000 is the
    // container's, whatever the host runs there.
    @OsContainer(image = "${webfs.image}", network = ContainerConfig.Network.PRIVATE)
    static Container debian;

    @BeforeAll
    static void installThePackage() throws Exception {
        String deb = System.getProperty("webfs.deb", "");
        if (deb.isEmpty()) {
            // no package built by this project: Debian's own, downloaded where it is installed
            run("apt-get -q update && cd /tmp && apt-get -q download webfs && mv webfs_*.deb webfs.deb");
        } else {
            debian.copyIn(Path.of(deb), "/tmp/webfs.deb");
        }
        run("apt-get -q update && DEBIAN_FRONTEND=noninteractive apt-get -q -y install /tmp/webfs.deb");
    }

    @Test
    void unitIsActiveAfterInstall() throws Exception {
        WaitStrategy.unitActive("webfs.service").withTimeout(SERVICE_START).await(debian);
        assertThat(debian.exec("systemctl", "is-enabled", "webfs.service").stdoutText()).isEqualTo("enabled\n");
    }

    @Test
    void servesAFileFromItsWebRoot() throws Exception {
        // the package names the document root but leaves making it to the site
        run("mkdir -p /var/www/html && echo 'hello from webfs' > /var/www/html/hello.txt");
        WaitStrategy.httpStatus("http://localhost:8000/hello.txt", 200).withTimeout(SERVICE_START).await(debian);

        // the body, over a plain TCP connection made by bash inside the container
        ExecResult get = debian.exec("bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8000;"
                + " printf 'GET /hello.txt HTTP/1.0\\r\\n\\r\\n' >&3; cat <&3");
        assertThat(get.stdoutText()).startsWith("HTTP/1.1 200").endsWith("\r\n\r\nhello from webfs\n");
    }

    @Test
    void answersNotFoundForAMissingFile() throws Exception {
        WaitStrategy.httpStatus("http://localhost:8000/no-such-file", 404).withTimeout(SERVICE_START).await(debian);
    }

    private static void run(String script) throws Exception {
        ExecResult result = debian.exec("sh", "-c", script);
        assertThat(result.exitCode()).as("%s%n%s", script, result.stderrText()).isZero();
    }
}
