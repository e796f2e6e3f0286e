package dev.odooimage.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/** /etc/ld.so.conf as ldconfig reads it: includes (globs, relative, sorted), comments, several dirs a line, loops. */
class LdSoConfTest {
    private static List<String> dirs(Map<String, String> files) {
        TreeMap<String, String> fs = new TreeMap<>(files);
        return new LdSoConf(p -> Optional.ofNullable(fs.get(p)), d -> fs.keySet().stream()
                .filter(p -> ImageTree.parent(p).equals(d)).map(p -> p.substring(p.lastIndexOf('/') + 1)).toList())
                .directories();
    }

    @Test
    void debianLayoutIncludesSortedAndComments() {
        assertEquals(List.of("/usr/local/lib", "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/opt/a",
                "/opt/b", "/opt/c"), dirs(Map.of(
                        "/etc/ld.so.conf", "include /etc/ld.so.conf.d/*.conf\n",
                        "/etc/ld.so.conf.d/x86_64-linux-gnu.conf", "# Multiarch support\n/lib/x86_64-linux-gnu\n/usr/lib/x86_64-linux-gnu\n",
                        "/etc/ld.so.conf.d/libc.conf", "/usr/local/lib\n",
                        "/etc/ld.so.conf.d/zz.conf", "/opt/a /opt/b,/opt/c:/opt/a  # trailing comment\nhwcap 0 nosegneg\n",
                        "/etc/ld.so.conf.d/README", "/not/a/conf\n")));
    }

    @Test
    void relativeIncludesLoopsAndNoMainFile() {
        assertEquals(List.of("/opt/x"), dirs(Map.of(
                "/etc/ld.so.conf", "include ld.so.conf.d/*.conf\ninclude /etc/ld.so.conf\n",
                "/etc/ld.so.conf.d/x.conf", "include /etc/ld.so.conf.d/x.conf\n/opt/x\n")));
        // a slim base without /etc/ld.so.conf: Debian's content is assumed
        assertEquals(List.of("/opt/y"), dirs(Map.of("/etc/ld.so.conf.d/y.conf", "/opt/y\n")));
    }
}
