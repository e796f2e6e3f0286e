package dev.odooimage.python;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The venv skeleton for the target: {@code pyvenv.cfg}, {@code lib/pythonX.Y/site-packages},
 * and {@code bin/python*} launchers.
 * <p>
 * CPython decides it runs in a venv when it finds {@code pyvenv.cfg} beside or above the
 * directory of {@code sys.executable}, which it takes from {@code argv[0]} when that names a
 * path. A venv normally gets this from a {@code bin/python} symlink, but Jib layers cannot hold
 * symlinks, and a copy of the interpreter does not exist at build time. So {@code bin/python} is
 * a small bash script that runs the image's interpreter with {@code argv[0]} set to its own
 * image path ({@code exec -a}): then {@code sys.executable} is {@code <venv>/bin/python},
 * {@code sys.prefix} is the venv, and {@code sys.base_prefix} the interpreter's installation.
 * Shebangs of console scripts point to it (Linux runs a script interpreter that is itself a
 * script).
 */
public final class VenvLayout {
    private VenvLayout() {
    }

    public static void create(Path venv, PythonTarget target, String venvPath) throws IOException {
        Files.createDirectories(venv.resolve("lib/python" + target.minorVersion() + "/site-packages"));
        Files.createDirectories(venv.resolve("bin"));
        String cfg = "home = " + target.home() + "\n"
                + "include-system-site-packages = false\n"
                + "version = " + target.version() + "\n"
                + "executable = " + target.interpreter() + "\n";
        Files.writeString(venv.resolve("pyvenv.cfg"), cfg, StandardCharsets.UTF_8);
        for (String name : new String[] {"python", "python3", "python" + target.minorVersion() }) {
            Path launcher = venv.resolve("bin").resolve(name);
            Files.writeString(launcher, launcher(venvPath + "/bin/" + name, target.interpreter()),
                    StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    static String launcher(String self, String interpreter) {
        return "#!/bin/bash\n"
                + "# Runs " + interpreter + " as the venv " + self.substring(0, self.lastIndexOf("/bin/")) + ":\n"
                + "# CPython finds pyvenv.cfg from argv[0]; image layers cannot hold the usual symlink.\n"
                + "exec -a " + self + " " + interpreter + " \"$@\"\n";
    }
}
