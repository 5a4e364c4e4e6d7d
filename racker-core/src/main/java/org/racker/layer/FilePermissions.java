package org.racker.layer;

import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The permission bits to create a file or directory with, as a file attribute: the entry's
 * own when it asks for no set-id or sticky bit (those come with the chmod after the chown,
 * in umoci's order), so that often no chmod is needed at all ({@link RootState}).
 */
final class FilePermissions {
    private static final PosixFilePermission[] BY_BIT = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
    };

    private final Map<Integer, FileAttribute<Set<PosixFilePermission>>> byMode = new HashMap<>();

    FileAttribute<Set<PosixFilePermission>> of(int mode) {
        int bits = (mode & 07000) == 0 ? mode & 0777 : 0700;
        return byMode.computeIfAbsent(bits, b -> PosixFilePermissions.asFileAttribute(set(b)));
    }

    private static Set<PosixFilePermission> set(int bits) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < BY_BIT.length; i++) {
            if ((bits & (1 << i)) != 0) {
                set.add(BY_BIT[i]);
            }
        }
        return set;
    }
}
