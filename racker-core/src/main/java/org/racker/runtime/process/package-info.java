/**
 * The host side of a container's processes: the cgroup nspawn starts in and what a stopped
 * machine leaves behind, the thread that parents nspawn, signals as users name them, whether
 * this host has machined, and the failure of a container to come up. The lowest of the
 * runtime's packages: the network and exec parts start processes of their own.
 */
package org.racker.runtime.process;
