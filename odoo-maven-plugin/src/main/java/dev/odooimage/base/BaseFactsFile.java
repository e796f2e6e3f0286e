package dev.odooimage.base;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.odooimage.util.AtomicFiles;

/**
 * The {@link BaseFacts} of a base cache entry, stored beside its {@code COMPLETE} as
 * {@code facts.json}: the facts are a function of the digest (immutable content) and of the code
 * that derives them, so a build reads them back instead of loading the entry's index and kept
 * files again. The file names its {@link #FORMAT} and a digest of the deriving classes
 * ({@link #code()}); a file of another format or code, or one that cannot be read or parsed, is
 * never trusted: the caller derives the facts again and rewrites it. Written by write-then-move.
 */
final class BaseFactsFile {
    static final String NAME = "facts.json";
    /** Bump when the meaning of a field changes; a change of the deriving code is seen by {@link #code()}. */
    static final String FORMAT = "odoo-image-maven base facts 1";

    /** The classes whose code decides the facts; their bytes make {@link #code()}. */
    private static final List<Class<?>> DERIVATION = List.of(BaseFacts.class, BaseFactsFile.class,
            BaseImageFiles.class, BaseImageConfig.class, DpkgStatus.class, DpkgStatus.Package.class, OsRelease.class,
            Libc.class, Libc.Kind.class, PythonInstall.class, ImageAccounts.class, ImageAccounts.User.class,
            ImageAccounts.Group.class, KeptFiles.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile String code;

    private BaseFactsFile() {
    }

    /**
     * sha256 over the class files of {@link #DERIVATION}, so that a plugin whose derivation
     * changed (even a SNAPSHOT rebuilt under the same version) re-derives instead of trusting
     * facts an older build wrote. A class file that cannot be read makes a code no file matches.
     */
    static String code() {
        String c = code;
        if (c == null) {
            try {
                java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
                for (Class<?> type : DERIVATION) {
                    String resource = type.getName().substring(type.getPackageName().length() + 1) + ".class";
                    try (InputStream in = type.getResourceAsStream(resource)) {
                        if (in == null) {
                            return "unknown " + System.nanoTime();
                        }
                        sha.update(resource.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        sha.update(in.readAllBytes());
                    }
                }
                c = HexFormat.of().formatHex(sha.digest());
            } catch (IOException | java.security.NoSuchAlgorithmException e) {
                return "unknown " + System.nanoTime();
            }
            code = c;
        }
        return c;
    }

    /**
     * The facts stored in {@code file}, for the image asked as {@code image}; empty when there are
     * none to trust (missing, unreadable, not JSON, another format or code, a field missing).
     */
    static Optional<BaseFacts> read(Path file, String image) {
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            JsonNode root = JSON.readTree(file.toFile());
            if (!FORMAT.equals(text(root, "format")) || !code().equals(text(root, "code"))) {
                return Optional.empty();
            }
            return Optional.of(parse(root, image));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // re-deriving costs one index load; trusting a bad file would cost a wrong build
        }
    }

    /** Stores {@code facts} as {@code file}, atomically (a failed write leaves no file and no temp file). */
    static void write(Path file, BaseFacts facts) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("code", code());
        root.put("digest", facts.digest());
        BaseImageConfig config = facts.config();
        ObjectNode c = root.putObject("config");
        c.put("architecture", config.architecture()).put("os", config.os()).put("variant", config.variant())
                .put("user", config.user()).put("workingDir", config.workingDir());
        strings(c.putArray("env"), config.env());
        map(root.putObject("osRelease"), facts.osRelease().fields());
        root.putObject("libc").put("kind", facts.libc().kind().name()).put("version", facts.libc().version())
                .put("evidence", facts.libc().evidence());
        ArrayNode pythons = root.putArray("pythons");
        for (PythonInstall p : facts.pythons()) {
            ObjectNode o = pythons.addObject().put("interpreter", p.interpreter()).put("minorVersion", p.minorVersion())
                    .put("fullVersion", p.fullVersion()).put("fullVersionSource", p.fullVersionSource())
                    .put("soabi", p.soabi()).put("stdlib", p.stdlib());
            strings(o.putArray("aliases"), p.aliases());
        }
        ArrayNode users = root.putArray("users");
        for (ImageAccounts.User u : facts.accounts().users()) {
            users.addObject().put("name", u.name()).put("uid", u.uid()).put("gid", u.gid()).put("home", u.home())
                    .put("shell", u.shell());
        }
        ArrayNode groups = root.putArray("groups");
        for (ImageAccounts.Group g : facts.accounts().groups()) {
            strings(groups.addObject().put("name", g.name()).put("gid", g.gid()).putArray("members"), g.members());
        }
        if (facts.dpkgStatus().isPresent()) {
            root.put("dpkgStatus", facts.dpkgStatus().get());
        } else {
            root.putNull("dpkgStatus");
        }
        map(root.putObject("rootLinks"), facts.rootLinks());
        try {
            AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static BaseFacts parse(JsonNode root, String image) {
        JsonNode c = field(root, "config");
        BaseImageConfig config = new BaseImageConfig(text(c, "architecture"), text(c, "os"), text(c, "variant"),
                text(c, "user"), list(c, "env", JsonNode::textValue), text(c, "workingDir"));
        JsonNode l = field(root, "libc");
        Libc libc = new Libc(Libc.Kind.valueOf(text(l, "kind")), text(l, "version"), text(l, "evidence"));
        List<PythonInstall> pythons = list(root, "pythons", p -> new PythonInstall(text(p, "interpreter"),
                text(p, "minorVersion"), text(p, "fullVersion"), text(p, "fullVersionSource"), text(p, "soabi"),
                text(p, "stdlib"), list(p, "aliases", JsonNode::textValue)));
        List<ImageAccounts.User> users = list(root, "users", u -> new ImageAccounts.User(text(u, "name"),
                number(u, "uid"), number(u, "gid"), text(u, "home"), text(u, "shell")));
        List<ImageAccounts.Group> groups = list(root, "groups", g -> new ImageAccounts.Group(text(g, "name"),
                number(g, "gid"), list(g, "members", JsonNode::textValue)));
        JsonNode status = field(root, "dpkgStatus");
        if (!status.isNull() && !status.isTextual()) {
            throw new IllegalArgumentException("dpkgStatus is neither text nor null");
        }
        return new BaseFacts(image, text(root, "digest"), config, new OsRelease(map(root, "osRelease")), libc, pythons,
                new ImageAccounts(users, groups), Optional.ofNullable(status.textValue()), map(root, "rootLinks"));
    }

    private static JsonNode field(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no field " + name);
        }
        return value;
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isTextual()) {
            throw new IllegalArgumentException(name + " is not text");
        }
        return value.textValue();
    }

    private static long number(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isIntegralNumber()) {
            throw new IllegalArgumentException(name + " is not a whole number");
        }
        return value.longValue();
    }

    private static <T> List<T> list(JsonNode node, String name, Function<JsonNode, T> item) {
        JsonNode array = field(node, name);
        if (!array.isArray()) {
            throw new IllegalArgumentException(name + " is not a list");
        }
        List<T> out = new ArrayList<>();
        for (JsonNode e : array) {
            T value = item.apply(e);
            if (value == null) {
                throw new IllegalArgumentException(name + " has an item of the wrong kind");
            }
            out.add(value);
        }
        return out;
    }

    private static Map<String, String> map(JsonNode node, String name) {
        JsonNode object = field(node, name);
        if (!object.isObject()) {
            throw new IllegalArgumentException(name + " is not an object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            if (!e.getValue().isTextual()) {
                throw new IllegalArgumentException(name + "." + e.getKey() + " is not text");
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return out;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static void map(ObjectNode object, Map<String, String> values) {
        values.forEach(object::put);
    }
}
