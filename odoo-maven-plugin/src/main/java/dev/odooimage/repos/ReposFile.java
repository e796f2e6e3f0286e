package dev.odooimage.repos;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import dev.odooimage.util.OdooImageException;
import dev.odooimage.util.UrlMask;

/**
 * Reads a git-aggregator file (repos.yaml or repos.lock.yaml) into a {@link ReposConfig}.
 *
 * <p>Works on SnakeYAML's node tree rather than constructed objects so that every scalar
 * stays exactly as written ({@code target: odoo 17.0}, {@code merges: [odoo 17.0]} and a
 * bare {@code 17.0} never become floats) and every aggregate and merge keeps its line.
 * The {@code # locked-from: <remote> <ref>} comment on the line(s) just before a merge is
 * read back into {@link Merge#lockedFrom()}. The rules mirror git-aggregator's own
 * {@code get_repos} so that a file accepted here is accepted by {@code gitaggregate}.
 */
public final class ReposFile {

    /** Keys of an aggregate that have a field of their own; anything else goes to {@code extra}. */
    private static final Set<String> MODELLED = Set.of("remotes", "merges", "target", "defaults");
    private static final Pattern LOCKED_FROM = Pattern.compile("^\\s*#\\s*locked-from:\\s*(\\S+)\\s+(\\S+)\\s*$");

    private final String file;
    private final List<String> lines;

    private ReposFile(String file, String text) {
        this.file = file;
        this.lines = text.lines().toList();
    }

    /** Parses {@code path}; every problem is an {@link OdooImageException} naming file, line and fix. */
    public static ReposConfig read(Path path) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new OdooImageException(path + ": file not found. Create it (git-aggregator format) "
                    + "or point odoo.repos.file / odoo.repos.lock at the right file.");
        } catch (IOException e) {
            throw new OdooImageException(path + ": cannot read: " + e.getMessage(), e);
        }
        return new ReposConfig(path, new ReposFile(path.toString(), text).parse(text));
    }

    /** Parses YAML text; {@code name} is used in messages. For tests and tools. */
    public static ReposConfig parse(String name, String text) {
        return new ReposConfig(Path.of(name), new ReposFile(name, text).parse(text));
    }

    private List<Aggregate> parse(String text) {
        Node root = compose(new StringReader(text));
        if (root == null) {
            return List.of(); // empty file, like git-aggregator's "conf or {}"
        }
        MappingNode top = mapping(root, "the top level",
                "write one entry per aggregate path, e.g. './odoo:' followed by remotes and merges");
        List<Aggregate> out = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (NodeTuple t : top.getValue()) {
            String path = scalar(t.getKeyNode(), "an aggregate path", "use a plain path such as ./odoo");
            int line = line(t.getKeyNode());
            Integer first = seen.putIfAbsent(AggregatePath.relative(path), line);
            if (first != null) {
                throw error(line, "aggregate " + path + " is defined twice (first at line " + first
                        + "). Merge the two entries into one.");
            }
            out.add(aggregate(path, line, t.getValueNode()));
        }
        return out;
    }

    private Node compose(Reader reader) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setProcessComments(false);
        try {
            return new Yaml(options).compose(reader);
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where = m == null ? file : file + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1);
            String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
            throw new OdooImageException(where + ": malformed YAML: " + what
                    + (e.getContext() != null ? " (" + e.getContext() + ")" : "")
                    + ". Fix the YAML syntax at that position (indentation, quotes, ':' after keys).", e);
        } catch (YAMLException e) {
            throw new OdooImageException(file + ": malformed YAML: " + e.getMessage(), e);
        }
    }

    private Aggregate aggregate(String path, int line, Node value) {
        String where = "aggregate " + path;
        MappingNode map = mapping(value, where, "give it remotes: and merges:");
        Map<String, Node> keys = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            String k = scalar(t.getKeyNode(), "a key of " + where, "use plain keys such as remotes, merges, target");
            if (keys.put(k, t.getValueNode()) != null) {
                throw error(line(t.getKeyNode()), where + ": key " + k + " is given twice. Keep one.");
            }
        }
        Map<String, String> remotes = remotes(where, line, keys.get("remotes"));
        List<Merge> merges = merges(where, line, keys.get("merges"), remotes);
        Target target = target(where, keys.get("target"), remotes);
        Integer depth = defaultsDepth(where, keys.get("defaults"));
        Map<String, Object> extra = new LinkedHashMap<>();
        keys.forEach((k, v) -> {
            if (!MODELLED.contains(k)) {
                extra.put(k, plain(v));
            }
        });
        return new Aggregate(path, remotes, merges, target, depth, extra, line);
    }

    private Map<String, String> remotes(String where, int aggLine, Node node) {
        if (node == null) {
            throw error(aggLine, where + ": remotes is not defined. Add 'remotes:' with at least one "
                    + "'name: url' entry.");
        }
        if (isNull(node)) {
            throw error(line(node), where + ": remotes is empty. Add at least one 'name: url' entry.");
        }
        MappingNode map = mapping(node, where + ", remotes", "write one 'name: url' per line");
        Map<String, String> remotes = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            String name = scalar(t.getKeyNode(), "a remote name in " + where, "use a plain name such as odoo");
            Node urlNode = t.getValueNode();
            if (isNull(urlNode)) {
                throw error(line(t.getKeyNode()), where + ": remote " + name + " has no URL. Write '" + name
                        + ": https://host/org/repo.git'.");
            }
            String url = scalar(urlNode, where + ", remote " + name, "write the URL as a single string");
            if (remotes.put(name, url) != null) {
                throw error(line(t.getKeyNode()), where + ": remote " + name + " is defined twice. Keep one.");
            }
        }
        if (remotes.isEmpty()) {
            throw error(line(node), where + ": remotes is empty. Add at least one 'name: url' entry.");
        }
        return remotes;
    }

    private List<Merge> merges(String where, int aggLine, Node node, Map<String, String> remotes) {
        if (node == null) {
            throw error(aggLine, where + ": merges is not defined. Add 'merges:' with at least one "
                    + "'- <remote> <ref>' line, e.g. '- " + remotes.keySet().iterator().next() + " 17.0'.");
        }
        List<Merge> merges = new ArrayList<>();
        if (!isNull(node)) {
            if (!(node instanceof SequenceNode seq)) {
                throw error(line(node), where + ": merges must be a list of '- <remote> <ref>' lines.");
            }
            for (Node item : seq.getValue()) {
                merges.add(merge(where, item, remotes));
            }
        }
        if (merges.isEmpty()) {
            throw error(line(node), where + ": merges is empty. Add at least one '- <remote> <ref>' line, e.g. '- "
                    + remotes.keySet().iterator().next() + " 17.0'.");
        }
        return merges;
    }

    private Merge merge(String where, Node item, Map<String, String> remotes) {
        int line = line(item);
        String remote;
        String ref;
        Integer depth = null;
        if (item instanceof ScalarNode s) {
            String[] parts = s.getValue().split(" ", -1);
            if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
                throw error(line, where + ", merge '" + s.getValue() + "': a merge must be formatted as "
                        + "'<remote> <ref>' (one space), e.g. 'odoo 17.0', or as a map {remote, ref, depth}.");
            }
            remote = parts[0];
            ref = parts[1];
        } else if (item instanceof MappingNode m) {
            Map<String, Node> keys = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) {
                keys.put(scalar(t.getKeyNode(), "a merge key in " + where, "use remote, ref, depth"), t.getValueNode());
            }
            if (!keys.containsKey("remote") || !keys.containsKey("ref")) {
                throw error(line, where + ": a merge map lacks the mandatory 'remote' or 'ref' key. "
                        + "Write '- remote: <name>' and 'ref: <branch, tag or sha>'.");
            }
            for (String k : keys.keySet()) {
                if (!Set.of("remote", "ref", "depth").contains(k)) {
                    throw error(line(keys.get(k)), where + ": merge key '" + k + "' is not supported "
                            + "(supported: remote, ref, depth). Remove it or use depth.");
                }
            }
            remote = scalar(keys.get("remote"), where + ", merge remote", "write the remote name");
            ref = scalar(keys.get("ref"), where + ", merge ref", "write the branch, tag or sha");
            if (keys.containsKey("depth")) {
                depth = integer(keys.get("depth"), where + ", merge " + remote + " " + ref + ", depth");
            }
        } else {
            throw error(line, where + ": a merge must be '<remote> <ref>' or a map {remote, ref, depth}.");
        }
        if (!remotes.containsKey(remote)) {
            throw error(line, where + ", merge '" + remote + " " + ref + "': remote " + remote
                    + " is not defined in remotes (defined: " + String.join(", ", remotes.keySet())
                    + "). Add '" + remote + ": <url>' under remotes or fix the merge's remote name.");
        }
        return new Merge(remote, ref, depth, lockedFrom(line, remote), line);
    }

    /** The {@code # locked-from:} comment just above the merge (blank lines in between allowed). */
    private String lockedFrom(int mergeLine, String remote) {
        for (int i = mergeLine - 2; i >= 0; i--) {
            String l = lines.get(i).strip();
            if (l.isEmpty()) {
                continue;
            }
            Matcher m = LOCKED_FROM.matcher(l);
            if (m.matches()) {
                if (!m.group(1).equals(remote)) {
                    throw error(i + 1, "'# locked-from: " + m.group(1) + " " + m.group(2)
                            + "' belongs to a merge of remote " + m.group(1) + " but precedes a merge of remote "
                            + remote + " (the lock was edited by hand). Run mvn odoo:lock to regenerate it.");
                }
                return m.group(2);
            }
            return null;
        }
        return null;
    }

    private Target target(String where, Node node, Map<String, String> remotes) {
        if (node == null || isNull(node)) {
            return null;
        }
        String value = scalar(node, where + ", target", "write 'target: <remote> <branch>'");
        String[] parts = value.trim().split("\\s+");
        if (value.isBlank()) {
            return null;
        }
        if (parts.length > 2) {
            throw error(line(node), where + ": target '" + value + "' must be formatted as '[remote] branch', "
                    + "e.g. 'target: " + remotes.keySet().iterator().next() + " 17.0'.");
        }
        if (parts.length == 1) {
            return new Target(null, parts[0]);
        }
        if (!remotes.containsKey(parts[0])) {
            throw error(line(node), where + ": target remote " + parts[0] + " is not defined in remotes (defined: "
                    + String.join(", ", remotes.keySet()) + "). Add it under remotes or fix the target.");
        }
        return new Target(parts[0], parts[1]);
    }

    private Integer defaultsDepth(String where, Node node) {
        if (node == null || isNull(node)) {
            return null;
        }
        MappingNode map = mapping(node, where + ", defaults", "write 'defaults:' then 'depth: <n>'");
        Integer depth = null;
        for (NodeTuple t : map.getValue()) {
            String k = scalar(t.getKeyNode(), "a key of " + where + ", defaults", "use depth");
            if (!k.equals("depth")) {
                throw error(line(t.getKeyNode()), where + ": defaults key '" + k + "' is not supported "
                        + "(supported: depth). Remove it or use depth.");
            }
            depth = integer(t.getValueNode(), where + ", defaults.depth");
        }
        return depth;
    }

    private Integer integer(Node node, String what) {
        if (node instanceof ScalarNode s && s.getTag().equals(Tag.INT)) {
            try {
                int v = Integer.parseInt(s.getValue());
                if (v > 0) {
                    return v;
                }
            } catch (NumberFormatException ignored) {
                // falls through to the error below
            }
        }
        throw error(line(node), what + " must be a positive whole number, e.g. 1 or 50.");
    }

    private MappingNode mapping(Node node, String what, String fix) {
        if (node instanceof MappingNode m) {
            return m;
        }
        throw error(line(node), what + " must be a mapping (key: value lines). Fix: " + fix + ".");
    }

    private String scalar(Node node, String what, String fix) {
        if (node instanceof ScalarNode s && !s.getTag().equals(Tag.NULL)) {
            return s.getValue();
        }
        throw error(line(node), what + " must be a single value. Fix: " + fix + ".");
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    /**
     * Pass-through values as plain Java objects. Floats stay the string written (an Odoo
     * version is never a number); booleans and integers keep their type so that they
     * are written back unquoted.
     */
    static Object plain(Node node) {
        if (node instanceof MappingNode m) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) {
                Object k = plain(t.getKeyNode());
                map.put(String.valueOf(k), plain(t.getValueNode()));
            }
            return map;
        }
        if (node instanceof SequenceNode s) {
            List<Object> list = new ArrayList<>();
            s.getValue().forEach(n -> list.add(plain(n)));
            return list;
        }
        ScalarNode s = (ScalarNode) node;
        Tag tag = s.getTag();
        if (tag.equals(Tag.NULL)) {
            return null;
        }
        if (tag.equals(Tag.BOOL)) {
            return switch (s.getValue().toLowerCase(java.util.Locale.ROOT)) {
                case "true", "yes", "on", "y" -> Boolean.TRUE;
                default -> Boolean.FALSE;
            };
        }
        if (tag.equals(Tag.INT)) {
            try {
                return Long.parseLong(s.getValue());
            } catch (NumberFormatException e) {
                return s.getValue();
            }
        }
        return s.getValue();
    }

    private static int line(Node node) {
        return node == null ? 0 : node.getStartMark().getLine() + 1;
    }

    private OdooImageException error(int line, String message) {
        return new OdooImageException(file + (line > 0 ? ":" + line : "") + ": " + UrlMask.maskText(message));
    }
}
