package org.racker.state;

import org.racker.NoSuchContainerException;
import org.racker.fs.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.racker.fs.InterProcessLock;
import org.racker.fs.StateRoot;

/**
 * Container state under {@code ROOT/containers/ID/}, one JSON file per container, written to
 * a temporary file and renamed so readers never see half a record. Names are reserved with a
 * symlink {@code ROOT/names/NAME -> ID}: creating it is atomic, so two racker processes can
 * never both get a name. Changes of a running container's state (stop, kill, reap) are
 * serialised with a per-container lock ({@link #lock}).
 */
public final class ContainerStore {
    /** A container id's length: 64 hexadecimal digits. */
    private static final int ID_LENGTH = 64;
    private static final java.util.Set<PosixFilePermission> RECORD_MODE = PosixFilePermissions.fromString("rw-r--r--");

    private static final String STATE_FILE = "state.json";
    private static final String LOCK_FILE = "lock";

    /**
     * Newest first, as docker lists them. A class of its own, not Comparator.comparing(...)
     * .reversed(): that one's lambda is spun at run time on every start (the class-data
     * archive cannot hold it).
     */
    private static final Comparator<ContainerRecord> NEWEST_FIRST = new Comparator<>() {
        @Override
        public int compare(ContainerRecord a, ContainerRecord b) {
            return b.created().compareTo(a.created());
        }
    };

    private final Path containers;
    private final Path names;

    public ContainerStore(Path root) {
        this.containers = StateRoot.privateDirectory(root, "containers");
        this.names = StateRoot.privateDirectory(root, "names");
    }

    /** The directory that holds one directory per container. */
    public Path containersDirectory() {
        return containers;
    }

    /** The directory for the container's own files (its nspawn log, say). */
    public Path directoryOf(String id) {
        return containers.resolve(id);
    }

    /** Reserves the record's name and writes its first state; fails if the name is taken. */
    public void create(ContainerRecord record) throws NameInUseException {
        reserve(record);
        save(record);
    }

    /**
     * Reserves the record's name and makes its directory, without writing the state yet:
     * the cheap part that must come before a container starts (the JSON write may follow
     * while it boots).
     */
    public void reserve(ContainerRecord record) throws NameInUseException {
        try {
            Files.createDirectories(names);
            Files.createDirectories(directoryOf(record.id()));
            reserveName(record);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write container state under " + containers, e);
        }
    }

    private void reserveName(ContainerRecord record) throws IOException, NameInUseException {
        Path link = names.resolve(record.name());
        try {
            Files.createSymbolicLink(link, Path.of(record.id()));
        } catch (FileAlreadyExistsException e) {
            // A name whose container record is gone (a crash between the two writes) is free.
            String holder = Files.readSymbolicLink(link).toString();
            if (holder.equals(record.id())) {
                return; // the container's own name, as a start of it again finds it
            }
            if (Files.exists(directoryOf(holder).resolve(STATE_FILE))) {
                Files.deleteIfExists(directoryOf(record.id()));
                throw new NameInUseException(record.name());
            }
            Files.delete(link);
            reserveName(record);
        }
    }

    public void save(ContainerRecord record) {
        Path dir = directoryOf(record.id());
        // several racker processes may write one record at once (stop while the reaper of
        // another marks it exited): each writes its own temporary file, the last rename wins
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            ContainerRecordJson.write(record, out);
            AtomicFiles.writeUnsynced(dir.resolve(STATE_FILE), out.toByteArray(), RECORD_MODE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write container state " + dir, e);
        }
    }

    /**
     * Waits for the container's lock; empty when its record is gone (removed meanwhile).
     * Re-read the record once it is held: what was read before may be stale.
     */
    public Optional<InterProcessLock> lock(String id) {
        return InterProcessLock.inExistingDirectory(directoryOf(id).resolve(LOCK_FILE), true);
    }

    /** The container's lock if no other racker holds it, else empty. */
    public Optional<InterProcessLock> tryLock(String id) {
        return InterProcessLock.inExistingDirectory(directoryOf(id).resolve(LOCK_FILE), false);
    }

    /** The record as it is on disk now, if it still exists. */
    public Optional<ContainerRecord> reload(String id) {
        try {
            return read(directoryOf(id));
        } catch (DamagedStateException e) {
            return Optional.empty(); // nothing to act on: listing the store reports it
        }
    }

    /** Removes the record, its files and its name. */
    public void remove(ContainerRecord record) {
        try {
            Path link = names.resolve(record.name());
            if (Files.isSymbolicLink(link) && Files.readSymbolicLink(link).toString().equals(record.id())) {
                Files.deleteIfExists(link);
            }
            deleteTree(directoryOf(record.id()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove container state of " + record.name(), e);
        }
    }

    /** The containers whose records can be read, newest first; damaged ones are left out. */
    public List<ContainerRecord> list() {
        return contents().records();
    }

    /** Every container directory: the readable records (newest first) and the damaged ones. */
    public Contents contents() {
        List<ContainerRecord> records = new ArrayList<>();
        List<DamagedRecord> damaged = new ArrayList<>();
        if (!Files.isDirectory(containers)) {
            return new Contents(records, damaged);
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(containers)) {
            for (Path dir : dirs) {
                try {
                    read(dir).ifPresent(records::add);
                } catch (DamagedStateException e) {
                    damaged.add(new DamagedRecord(dir.getFileName().toString(), dir, e.getMessage()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list containers in " + containers, e);
        }
        records.sort(NEWEST_FIRST);
        return new Contents(List.copyOf(records), List.copyOf(damaged));
    }

    /** What {@link #contents()} found. */
    public record Contents(List<ContainerRecord> records, List<DamagedRecord> damaged) { }

    /**
     * A damaged container by its directory's name (the id), a unique prefix of it, or a name
     * reserved for it: what {@code rm -f} is told to remove.
     */
    public Optional<DamagedRecord> findDamaged(String nameOrId, List<DamagedRecord> damaged) {
        String holder = nameOrId;
        Path link = names.resolve(nameOrId);
        if (ContainerNames.isValid(nameOrId) && Files.isSymbolicLink(link)) {
            try {
                holder = Files.readSymbolicLink(link).toString();
            } catch (IOException e) {
                // not readable: look the argument up as an id
            }
        }
        List<DamagedRecord> matches = new ArrayList<>();
        for (DamagedRecord d : damaged) {
            if (d.id().equals(holder)) {
                return Optional.of(d);
            }
            if (!holder.isEmpty() && d.id().startsWith(holder)) {
                matches.add(d);
            }
        }
        return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
    }

    /** Removes a damaged container's directory and the names reserved for it. */
    public void remove(DamagedRecord damaged) {
        forgetNames(damaged.id());
        try {
            deleteTree(damaged.directory());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove container state " + damaged.directory(), e);
        }
    }

    /** Frees the names reserved for the container {@code id}, whose record is unusable or gone. */
    public void forgetNames(String id) {
        if (!Files.isDirectory(names)) {
            return;
        }
        try (DirectoryStream<Path> links = Files.newDirectoryStream(names)) {
            for (Path link : links) {
                if (Files.isSymbolicLink(link) && Files.readSymbolicLink(link).toString().equals(id)) {
                    Files.deleteIfExists(link);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot free the names of container " + id + " in " + names, e);
        }
    }

    /** Finds a container by full name, full id or unique id prefix, as docker does. */
    public ContainerRecord find(String nameOrId) throws NoSuchContainerException {
        return find(nameOrId, list());
    }

    /**
     * The record {@code nameOrId} names, read on its own where the store's layout says which
     * one it is: a name's link, or the one directory whose name starts with the id given. As
     * {@link #find(String)} would find it, without reading every record; empty wherever only
     * that full read can tell (no such name or id, an ambiguous prefix, a damaged record).
     */
    public Optional<ContainerRecord> findDirectly(String nameOrId) {
        try {
            if (ContainerNames.isValid(nameOrId)) {
                Path link = names.resolve(nameOrId);
                if (Files.isSymbolicLink(link)) {
                    String id = Files.readSymbolicLink(link).toString();
                    if (id.length() == ID_LENGTH && isHex(id)) {
                        Optional<ContainerRecord> named = read(directoryOf(id));
                        if (named.isPresent() && named.get().name().equals(nameOrId)) {
                            return named;
                        }
                    }
                    return Optional.empty();
                }
            }
            if (nameOrId.isEmpty() || nameOrId.length() > ID_LENGTH || !isHex(nameOrId)) {
                return Optional.empty();
            }
            Path only = null;
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(containers)) {
                for (Path dir : dirs) {
                    if (dir.getFileName().toString().startsWith(nameOrId)) {
                        if (only != null) {
                            return Optional.empty();
                        }
                        only = dir;
                    }
                }
            }
            return only == null ? Optional.empty() : read(only);
        } catch (IOException | DamagedStateException e) {
            return Optional.empty();
        }
    }

    /** Lower-case hexadecimal digits only, as ids are: checked by hand, as a pattern costs a cold JVM more. */
    private static boolean isHex(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** Finds a container as {@link #find(String)} does, in records already read with {@link #list()}. */
    public ContainerRecord find(String nameOrId, List<ContainerRecord> all) throws NoSuchContainerException {
        for (ContainerRecord r : all) {
            if (r.name().equals(nameOrId) || r.id().equals(nameOrId)) {
                return r;
            }
        }
        List<ContainerRecord> byPrefix = new ArrayList<>();
        for (ContainerRecord r : all) {
            if (r.id().startsWith(nameOrId)) {
                byPrefix.add(r);
            }
        }
        if (byPrefix.size() == 1 && !nameOrId.isEmpty()) {
            return byPrefix.get(0);
        }
        throw new NoSuchContainerException(nameOrId);
    }

    /**
     * The record in a container directory; empty while it has none (being created or removed
     * right now). Anything else that is not a whole, consistent record is damaged.
     */
    private Optional<ContainerRecord> read(Path dir) throws DamagedStateException {
        Path file = dir.resolve(STATE_FILE);
        ContainerRecord record;
        try (InputStream in = Files.newInputStream(file)) {
            record = ContainerRecordJson.read(in);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            throw new DamagedStateException(Files.isDirectory(file) ? STATE_FILE + " is a directory"
                    : "unreadable " + STATE_FILE + ": " + why);
        }
        // the name becomes a path under names/ and the id the directory: neither may point elsewhere
        if (!record.id().equals(dir.getFileName().toString())) {
            throw new DamagedStateException("its id " + record.id() + " is not its directory's name");
        }
        if (!ContainerNames.isValid(record.name())) {
            throw new DamagedStateException("invalid container name \"" + record.name() + "\"");
        }
        return Optional.of(record);
    }

    /** A state file that is there but cannot be used; its message says why. */
    private static final class DamagedStateException extends Exception {
        DamagedStateException(String problem) {
            super(problem, null, false, false);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        org.racker.fs.WorkDirectories.deleteTree(dir);
    }
}
