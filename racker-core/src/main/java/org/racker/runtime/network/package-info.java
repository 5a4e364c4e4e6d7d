/**
 * A container's network: the modes, published ports and the host ports they claim, the
 * container's /etc/hosts and resolv.conf, and the private network slirp4netns gives it.
 */
package org.racker.runtime.network;
