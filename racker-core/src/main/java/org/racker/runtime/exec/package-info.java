/**
 * Commands inside a container: the request and its environment and user, the executable
 * looked up as execvp would, the command line for nsenter or systemd-run, and a terminal
 * relayed through a pty of the container's own.
 */
package org.racker.runtime.exec;
