package org.racker.state;

/**
 * Container names as docker takes them, and the machine name racker derives from one. The
 * machine name is what the host knows the container by (nspawn's {@code --machine}, its
 * cgroup {@code racker/MACHINE}, nspawn's propagation directory, machined's registration):
 * host-global names, so they carry the container's id, and two state roots (or a record
 * lost with its root) never share one. The user-facing name stays in it to be recognisable.
 */
public final class ContainerNames {
    /** Docker's rule for names; the length bound keeps {@code names/NAME} a short file name. */
    private static final String NAME = "[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}";
    /** nspawn wants a valid hostname, which is at most 64 characters. */
    private static final int MACHINE_MAX = 64;
    /** How much of the id goes into the machine name: enough to tell containers of one host apart. */
    public static final int MACHINE_ID_CHARS = 8;

    private ContainerNames() { }

    public static boolean isValid(String name) {
        return name != null && name.matches(NAME) && !name.contains("..");
    }

    /**
     * A valid hostname of the name's letters and digits, every other character a '-'
     * (hostname labels may not hold '_' and may not start or end with '-' or '.'), then '-'
     * and the start of the id: {@code c_t3-x} becomes {@code c-t3-x-1a2b3c4d}.
     */
    public static String machineName(String name, String id) {
        String suffix = "-" + id.substring(0, MACHINE_ID_CHARS);
        String base = name.replaceAll("[^a-zA-Z0-9]", "-");
        if (base.length() > MACHINE_MAX - suffix.length()) {
            base = base.substring(0, MACHINE_MAX - suffix.length());
        }
        return base + suffix;
    }

    /** The id prefix a machine name ends with, or null when it is not one racker derived. */
    public static String idPrefixOf(String machineName) {
        int dash = machineName.lastIndexOf('-');
        String tail = machineName.substring(dash + 1);
        return dash > 0 && tail.matches("[0-9a-f]{" + MACHINE_ID_CHARS + "}") ? tail : null;
    }
}
