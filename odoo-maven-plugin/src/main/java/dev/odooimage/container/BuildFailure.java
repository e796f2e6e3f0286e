package dev.odooimage.container;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a failed sdist build's log: did it try the network, and which Debian build packages
 * might be missing (a header the compiler did not find, no compiler at all).
 */
final class BuildFailure {
    private static final Pattern NETWORK = Pattern.compile("Network is unreachable|Temporary failure in name"
            + " resolution|Name or service not known|Could not resolve host|NewConnectionError|No route to host"
            + "|getaddrinfo failed|nodename nor servname");
    private static final Pattern HEADER = Pattern.compile("fatal error: ([A-Za-z0-9_./+-]+\\.h): No such file");
    private static final Pattern NO_COMPILER = Pattern.compile("(?:command|error: command) '?[^' ]*(?:gcc|cc|g\\+\\+)'?"
            + " failed: No such file|(?:gcc|cc|x86_64-linux-gnu-gcc|aarch64-linux-gnu-gcc): (?:command )?not found"
            + "|unable to execute '[^']*gcc'");
    /** Headers of packages Odoo's addons commonly build, and the bookworm/trixie package that has them. */
    private static final Map<String, String> HEADERS = new LinkedHashMap<>();

    static {
        HEADERS.put("Python.h", "python3-dev (a Debian-python base; a python:*-slim base has it already)");
        HEADERS.put("lber.h", "libldap-dev");
        HEADERS.put("ldap.h", "libldap-dev");
        HEADERS.put("sasl/sasl.h", "libsasl2-dev");
        HEADERS.put("libpq-fe.h", "libpq-dev");
        HEADERS.put("pg_config.h", "libpq-dev");
        HEADERS.put("cups/cups.h", "libcups2-dev");
        HEADERS.put("ffi.h", "libffi-dev");
        HEADERS.put("zbar.h", "libzbar-dev");
        HEADERS.put("libxml/xmlversion.h", "libxml2-dev");
        HEADERS.put("libxslt/xsltconfig.h", "libxslt1-dev");
        HEADERS.put("openssl/opensslv.h", "libssl-dev");
        HEADERS.put("zlib.h", "zlib1g-dev");
        HEADERS.put("jpeglib.h", "libjpeg-dev");
    }

    private BuildFailure() {
    }

    static boolean triedNetwork(String log) {
        return NETWORK.matcher(log).find();
    }

    /** Build packages that might be missing, from the log: one per missing header, a compiler. */
    static List<String> missingPackages(String log) {
        Set<String> out = new LinkedHashSet<>();
        if (NO_COMPILER.matcher(log).find()) {
            out.add("gcc (the C compiler; g++ for C++)");
        }
        Matcher m = HEADER.matcher(log);
        while (m.find()) {
            String h = m.group(1);
            out.add(HEADERS.getOrDefault(h, "the -dev package that has " + h + " (apt-file search " + h
                    + ", or https://packages.debian.org)"));
        }
        return new ArrayList<>(out);
    }
}
