package org.racker.vm;

/**
 * What a VM boots: an image racker derived (its kernel booted directly) or a disk the user
 * supplied (booted by the firmware from its own boot loader). Neither is ever written to.
 */
public sealed interface VmMachine permits VmImage, VmDisk {
}
