package dev.odooimage.addons;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Builds materialised source trees (target/odoo/src) for tests. */
final class SourceTree {
    final Path src;

    SourceTree(Path src) {
        this.src = src;
        mkdirs(src);
    }

    /** An Odoo repository: odoo-bin, odoo/addons/base and the given top-level addons. */
    SourceTree odoo(String path, String series, String... addons) {
        Path d = src.resolve(path);
        write(d.resolve("odoo-bin"), "#!/usr/bin/env python3\n");
        write(d.resolve("odoo/__init__.py"), "");
        write(d.resolve("odoo/addons/__init__.py"), "");
        write(d.resolve("odoo/release.py"), "version_info = (" + series.replace(".", ", ") + ", 0, FINAL, 0, '')\n");
        addon(path + "/odoo/addons/base", "{'name': 'Base', 'version': '1.3', 'depends': []}");
        for (String a : addons) {
            addon(path + "/addons/" + a, "{'name': '" + a + "', 'depends': ['base']}");
        }
        return this;
    }

    /** An addon at {@code path} (relative to src) with the given manifest text. */
    SourceTree addon(String path, String manifest) {
        write(src.resolve(path).resolve("__init__.py"), "from . import models\n");
        write(src.resolve(path).resolve("__manifest__.py"), manifest);
        return this;
    }

    /** An addon with depends, version and licence. */
    SourceTree addon(String path, String version, String license, List<String> depends) {
        StringBuilder deps = new StringBuilder();
        for (String d : depends) {
            deps.append('\'').append(d).append("', ");
        }
        return addon(path, "{\n    'name': 'Test',\n    'version': '" + version + "',\n    'license': '" + license
                + "',\n    'depends': [" + deps + "],\n}\n");
    }

    SourceTree file(String path, String content) {
        write(src.resolve(path), content);
        return this;
    }

    SourceTree dir(String path) {
        mkdirs(src.resolve(path));
        return this;
    }

    static void write(Path p, String content) {
        try {
            Files.createDirectories(p.getParent());
            Files.writeString(p, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void mkdirs(Path p) {
        try {
            Files.createDirectories(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
