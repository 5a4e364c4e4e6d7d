package org.racker.layer;

import com.sun.jna.LastErrorException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Extended attributes of a path itself (never of a symlink's target), any namespace. */
final class Xattrs {
    /**
     * Host-specific xattrs umoci neither clears nor applies: SELinux labels belong to the
     * host's policy and NFSv4 ACLs to the NFS server.
     */
    static final Set<String> IGNORED = Set.of("security.selinux", "system.nfs4_acl");

    private Xattrs() {
    }

    static List<String> list(Path path) throws LastErrorException {
        byte[] cpath = PosixCalls.cString(path);
        byte[] buffer = new byte[1024];
        while (true) {
            long size;
            try {
                size = PosixCalls.llistxattr(cpath, buffer, buffer.length);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == PosixCalls.ERANGE) {
                    buffer = new byte[(int) Math.max(buffer.length * 2L,
                            PosixCalls.llistxattr(cpath, null, 0))];
                    continue;
                }
                throw e;
            }
            List<String> names = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < size; i++) {
                if (buffer[i] == 0) {
                    if (i > start) {
                        names.add(new String(buffer, start, i - start, StandardCharsets.UTF_8));
                    }
                    start = i + 1;
                }
            }
            return names;
        }
    }

    static byte[] get(Path path, String name) throws LastErrorException {
        byte[] cpath = PosixCalls.cString(path);
        byte[] cname = PosixCalls.cString(name);
        byte[] buffer = new byte[256];
        while (true) {
            try {
                long size = PosixCalls.lgetxattr(cpath, cname, buffer, buffer.length);
                return java.util.Arrays.copyOf(buffer, (int) size);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != PosixCalls.ERANGE) {
                    throw e;
                }
                buffer = new byte[(int) Math.max(buffer.length * 2L,
                        PosixCalls.lgetxattr(cpath, cname, null, 0))];
            }
        }
    }

    static void set(Path path, String name, byte[] value) throws LastErrorException {
        PosixCalls.lsetxattr(PosixCalls.cString(path), PosixCalls.cString(name), value, value.length, 0);
    }

    static void remove(Path path, String name) throws LastErrorException {
        PosixCalls.lremovexattr(PosixCalls.cString(path), PosixCalls.cString(name));
    }
}
