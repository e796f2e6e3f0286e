package dev.odooimage.python;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A PEP 508 environment marker, parsed once and evaluated against an explicit environment
 * (the image's interpreter, never the build host's). Semantics follow {@code packaging.markers}:
 * a comparison is a PEP 440 version comparison when the operator is a version operator and
 * both sides are valid versions, a string comparison otherwise.
 */
public final class Marker {
    /** Legacy dotted names that packaging still accepts. */
    private static final Map<String, String> ALIASES = Map.of(
            "os.name", "os_name",
            "sys.platform", "sys_platform",
            "platform.version", "platform_version",
            "platform.machine", "platform_machine",
            "platform.python_implementation", "platform_python_implementation",
            "python_implementation", "platform_python_implementation");

    private final String text;
    private final Node root;

    private Marker(String text, Node root) {
        this.text = text;
        this.root = root;
    }

    /** @throws IllegalArgumentException with a message saying what is wrong */
    public static Marker parse(String text) {
        Parser p = new Parser(text);
        Node n = p.or();
        if (p.pos < p.tokens.size()) {
            throw new IllegalArgumentException("unexpected '" + p.tokens.get(p.pos) + "' in marker: " + text);
        }
        return new Marker(text.trim(), n);
    }

    public boolean evaluate(Map<String, String> environment) {
        return root.eval(environment);
    }

    @Override
    public String toString() {
        return text;
    }

    private interface Node {
        boolean eval(Map<String, String> env);
    }

    private record Or(Node a, Node b) implements Node {
        public boolean eval(Map<String, String> env) {
            return a.eval(env) || b.eval(env);
        }
    }

    private record And(Node a, Node b) implements Node {
        public boolean eval(Map<String, String> env) {
            return a.eval(env) && b.eval(env);
        }
    }

    /** A side of a comparison: a quoted literal or an environment variable. */
    private record Operand(String literal, String variable) {
        String value(Map<String, String> env) {
            if (literal != null) {
                return literal;
            }
            String v = env.get(variable);
            if (v == null) {
                throw new IllegalArgumentException("unknown marker variable " + variable);
            }
            return v;
        }
    }

    private record Compare(Operand lhs, String op, Operand rhs) implements Node {
        public boolean eval(Map<String, String> env) {
            String l = lhs.value(env);
            String r = rhs.value(env);
            if ("extra".equals(lhs.variable) || "extra".equals(rhs.variable)) {
                l = Requirement.normalizeName(l);
                r = Requirement.normalizeName(r);
            }
            switch (op) {
                case "in":
                    return r.contains(l);
                case "not in":
                    return !r.contains(l);
                default:
                    break;
            }
            // Version semantics when the right side is a valid specifier version (as packaging does).
            Boolean v = VersionSpecifier.tryContains(op, r, l);
            if (v != null) {
                return v;
            }
            int c = l.compareTo(r);
            return switch (op) {
                case "==", "===" -> c == 0;
                case "!=" -> c != 0;
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                case ">=" -> c >= 0;
                default -> throw new IllegalArgumentException("operator " + op + " needs versions, got '" + l
                        + "' and '" + r + "'");
            };
        }
    }

    private static final class Parser {
        final List<String> tokens = new ArrayList<>();
        int pos;
        final String text;

        Parser(String text) {
            this.text = text;
            tokenize();
        }

        private void tokenize() {
            int i = 0;
            int n = text.length();
            while (i < n) {
                char ch = text.charAt(i);
                if (Character.isWhitespace(ch)) {
                    i++;
                } else if (ch == '(' || ch == ')') {
                    tokens.add(String.valueOf(ch));
                    i++;
                } else if (ch == '\'' || ch == '"') {
                    int end = text.indexOf(ch, i + 1);
                    if (end < 0) {
                        throw new IllegalArgumentException("unterminated string in marker: " + text);
                    }
                    tokens.add(text.substring(i, end + 1));
                    i = end + 1;
                } else if ("<>=!~".indexOf(ch) >= 0) {
                    int j = i;
                    while (j < n && "<>=!~".indexOf(text.charAt(j)) >= 0) {
                        j++;
                    }
                    tokens.add(text.substring(i, j));
                    i = j;
                } else if (Character.isLetterOrDigit(ch) || ch == '_' || ch == '.') {
                    int j = i;
                    while (j < n && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_'
                            || text.charAt(j) == '.')) {
                        j++;
                    }
                    tokens.add(text.substring(i, j));
                    i = j;
                } else {
                    throw new IllegalArgumentException("unexpected character '" + ch + "' in marker: " + text);
                }
            }
        }

        private String peek() {
            return pos < tokens.size() ? tokens.get(pos) : null;
        }

        private String next(String what) {
            if (pos >= tokens.size()) {
                throw new IllegalArgumentException("marker ends early, expected " + what + ": " + text);
            }
            return tokens.get(pos++);
        }

        Node or() {
            Node n = and();
            while ("or".equals(peek())) {
                pos++;
                n = new Or(n, and());
            }
            return n;
        }

        Node and() {
            Node n = atom();
            while ("and".equals(peek())) {
                pos++;
                n = new And(n, atom());
            }
            return n;
        }

        Node atom() {
            if ("(".equals(peek())) {
                pos++;
                Node n = or();
                if (!")".equals(next("')'"))) {
                    throw new IllegalArgumentException("expected ')' in marker: " + text);
                }
                return n;
            }
            Operand l = operand();
            String op = next("an operator");
            if ("not".equals(op)) {
                if (!"in".equals(next("'in'"))) {
                    throw new IllegalArgumentException("expected 'not in' in marker: " + text);
                }
                op = "not in";
            } else if (!List.of("<", "<=", "==", "!=", ">", ">=", "~=", "===", "in").contains(op)) {
                throw new IllegalArgumentException("unknown operator '" + op + "' in marker: " + text);
            }
            Operand r = operand();
            if (l.literal != null && r.literal != null) {
                throw new IllegalArgumentException("marker compares two literals: " + text);
            }
            return new Compare(l, op, r);
        }

        private Operand operand() {
            String t = next("a variable or a quoted string");
            if (t.startsWith("'") || t.startsWith("\"")) {
                return new Operand(t.substring(1, t.length() - 1), null);
            }
            String var = ALIASES.getOrDefault(t, t);
            if (!MarkerEnvironment.VARIABLES.contains(var)) {
                throw new IllegalArgumentException("unknown marker variable '" + t + "' in marker: " + text);
            }
            return new Operand(null, var);
        }
    }
}
