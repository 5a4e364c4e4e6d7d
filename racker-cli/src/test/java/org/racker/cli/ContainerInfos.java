package org.racker.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.racker.RackerException;
import org.racker.api.ContainerInfo;
import org.racker.api.Containers;
import org.racker.api.Racker;
import org.racker.host.ProcessIdentity;
import org.racker.state.ContainerRecord;
import org.racker.state.ContainerStatus;
import org.racker.state.ContainerStore;

/**
 * Made-up container records as the commands see them, through the API: written to a state
 * root of their own under {@code parent} and read back, in the order given. A running one is
 * owned by this JVM, so the reaper leaves it running.
 */
final class ContainerInfos {
    private ContainerInfos() { }

    static List<ContainerInfo> of(Path parent, ContainerRecord... records) {
        try {
            Path root = Files.createTempDirectory(parent, "root");
            ContainerStore store = new ContainerStore(root);
            for (ContainerRecord r : records) {
                store.create(r.status() == ContainerStatus.RUNNING && r.owner() == null
                        ? r.ownedBy(ProcessIdentity.self()) : r);
            }
            Containers containers = Racker.withRoot(root).containers();
            List<ContainerInfo> infos = new ArrayList<>();
            for (ContainerRecord r : records) {
                infos.add(containers.find(r.id()));
            }
            return infos;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RackerException e) {
            throw new AssertionError(e);
        }
    }
}
