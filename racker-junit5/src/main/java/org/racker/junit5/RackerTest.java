package org.racker.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class whose {@link OsContainer} fields and parameters racker starts and removes.
 * Where the host cannot run containers (not root, no systemd-nspawn), its tests are disabled
 * with the reason rather than failed, so one build passes on a laptop and runs the containers
 * in CI.
 *
 * <p>Containers are kept under the state root named by the configuration parameter (or system
 * property) {@value RackerExtension#ROOT_PARAMETER}, {@code /var/lib/racker} by default, the
 * {@code racker} command's own: {@code racker ps} shows them while tests run.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(RackerExtension.class)
public @interface RackerTest {
}
