package dev.odooimage.python;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The PEP 508 marker environment of a {@link PythonTarget}, as that interpreter would report it. */
public final class MarkerEnvironment {
    static final Set<String> VARIABLES = Set.of("os_name", "sys_platform", "platform_machine",
            "platform_python_implementation", "platform_release", "platform_system", "platform_version",
            "python_version", "python_full_version", "implementation_name", "implementation_version", "extra");

    private MarkerEnvironment() {
    }

    /** The environment for {@code target}, with {@code extra} set to the given value ("" for none). */
    public static Map<String, String> of(PythonTarget target, String extra) {
        Map<String, String> env = new TreeMap<>();
        env.put("os_name", "posix");
        env.put("sys_platform", "linux");
        env.put("platform_system", "Linux");
        env.put("platform_machine", target.arch());
        env.put("platform_python_implementation", "CPython");
        env.put("implementation_name", "cpython");
        env.put("python_version", target.minorVersion());
        env.put("python_full_version", target.fullVersion());
        env.put("implementation_version", target.fullVersion());
        // Kernel release and version depend on the machine that runs the image: not knowable.
        env.put("platform_release", "");
        env.put("platform_version", "");
        env.put("extra", extra == null ? "" : extra);
        return env;
    }
}
