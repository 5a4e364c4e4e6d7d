package org.racker.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code --version}: one line, as docker prints it ({@code Docker version 24.0.5, build ced0996}). */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        BuildInfo build = BuildInfo.current();
        return new String[] {"${COMMAND-NAME} version " + build.version() + ", build " + build.commit()};
    }
}
