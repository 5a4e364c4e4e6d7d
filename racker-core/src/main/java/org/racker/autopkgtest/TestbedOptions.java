package org.racker.autopkgtest;

import org.racker.InvalidArgumentException;
import org.racker.api.ContainerConfig;
import org.racker.runtime.boot.BootProfile;
import org.racker.runtime.network.NetworkMode;

/**
 * The virtualisation server's options for its test beds, read from their command-line
 * spellings into the API's values: the same names and messages as {@code racker run} takes.
 */
public final class TestbedOptions {
    private TestbedOptions() { }

    /** A test bed's network: host, none or private (alias slirp4netns). */
    public static ContainerConfig.Network network(String value) throws InvalidArgumentException {
        return switch (NetworkMode.parse(value)) {
            case HOST -> ContainerConfig.Network.HOST;
            case NONE -> ContainerConfig.Network.NONE;
            case PRIVATE -> ContainerConfig.Network.PRIVATE;
        };
    }

    /** A test bed's boot profile: test or stock. */
    public static ContainerConfig.BootProfile bootProfile(String value) throws InvalidArgumentException {
        return switch (BootProfile.parse(value)) {
            case TEST -> ContainerConfig.BootProfile.TEST;
            case STOCK -> ContainerConfig.BootProfile.STOCK;
        };
    }
}
