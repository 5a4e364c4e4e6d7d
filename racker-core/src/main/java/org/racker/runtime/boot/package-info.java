/**
 * What a booted container's systemd is told for one boot, the image untouched: the units and
 * generators a profile masks, and the systemd version that decides what the host must offer.
 */
package org.racker.runtime.boot;
