package org.racker.vm;

/**
 * A command's end in the guest as the agent reports it: output as bytes, unchanged.
 *
 * @param truncated the agent keeps at most a fixed amount of each stream and dropped the rest
 */
public record GuestExecResult(int exitCode, byte[] stdout, byte[] stderr, boolean truncated) { }
