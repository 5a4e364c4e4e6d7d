/**
 * The lifecycle of an nspawn container: {@link org.racker.runtime.ContainerSpec} says what to
 * start, {@link org.racker.runtime.ContainerRunner} records it, boots it
 * ({@link org.racker.runtime.BootedContainer}) or runs its command as the payload
 * ({@link org.racker.runtime.AppContainer}), and tears it down;
 * {@link org.racker.runtime.ContainerOperations} acts on a container another racker started,
 * and {@link org.racker.runtime.AbandonedContainerReaper} finishes what a dead one left.
 *
 * <p>The jobs a container's life is made of live in subpackages below this one, each using
 * only those before it: {@code process} (the host side of its processes: cgroup, signals,
 * leftovers), {@code files} (volumes, copies in and out), {@code network}, {@code exec}
 * (commands inside it), {@code logs} (its output kept on the host) and {@code boot} (what
 * its systemd is told for one boot). The nspawn command line stays here, next to the
 * classes that start nspawn, since it is built from the whole spec.
 */
package org.racker.runtime;
