/** Files between the host and a container: volumes bound in, and copies in and out of its root. */
package org.racker.runtime.files;
