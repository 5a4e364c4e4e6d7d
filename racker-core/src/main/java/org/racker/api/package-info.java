/**
 * racker as a library: throw-away systemd-nspawn containers from Java, without a daemon.
 *
 * <p>{@link org.racker.api.Racker} is the entry point, bound to a state root (where container
 * records and images live, shared with the {@code racker} command). A
 * {@link org.racker.api.ContainerConfig} says what to start; {@link org.racker.api.Racker#start}
 * returns a {@link org.racker.api.Container}, the handle for running commands
 * ({@link org.racker.api.Command}, {@link org.racker.api.ExecResult}), copying files and
 * reading logs. Closing the handle stops the container and removes it. A configuration's
 * {@link org.racker.api.WaitStrategy}s (a unit active, a port listening, an HTTP answer...)
 * are met before {@code start} returns, or the container is removed and a
 * {@link org.racker.api.WaitTimeoutException} says what was awaited and what was seen.
 *
 * <pre>{@code
 * Racker racker = Racker.withRoot(Path.of("/var/lib/racker"));
 * try (Container c = racker.start(ContainerConfig.of(Image.directory(rootfs)))) {
 *     ExecResult r = c.exec(Command.of("systemctl", "is-system-running"));
 * }
 * }</pre>
 *
 * <p>Expected failures are checked subclasses of {@link org.racker.RackerException}. Every
 * container racker starts in a JVM is torn down when the JVM ends on a signal, through one
 * shutdown hook registered with the first container.
 */
package org.racker.api;
