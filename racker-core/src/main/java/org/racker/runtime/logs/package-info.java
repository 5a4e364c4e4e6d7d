/**
 * A container's output as the host keeps it: the console and journal files of its state
 * directory, the relay that tees a foreground command's output into its log, and the filter
 * that keeps nspawn's own messages out of both.
 */
package org.racker.runtime.logs;
