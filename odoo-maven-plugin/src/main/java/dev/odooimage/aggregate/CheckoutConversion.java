package dev.odooimage.aggregate;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.jgit.attributes.Attribute;
import org.eclipse.jgit.attributes.Attributes;
import org.eclipse.jgit.attributes.AttributesNode;
import org.eclipse.jgit.attributes.AttributesNodeProvider;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.CoreConfig.EolStreamType;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.treewalk.TreeWalk.OperationType;
import org.eclipse.jgit.treewalk.WorkingTreeOptions;
import org.eclipse.jgit.util.io.EolStreamTypeUtil;

/**
 * What {@code git checkout} does to a blob because of the {@code .gitattributes} committed in
 * the tree, as C git does it with a default configuration on Linux ({@code core.autocrlf}
 * unset, {@code core.eol} native = LF): only LF becomes CRLF, where {@code eol=crlf} (or the
 * old {@code crlf} attribute) asks for it; nothing ever becomes LF on checkout. The
 * attributes come from the tree alone: the build user's global attributes file and git
 * config are ignored, so the output does not depend on who builds.
 */
final class CheckoutConversion {
    /** No {@code $GIT_DIR/info/attributes}, no user {@code core.attributesFile}. */
    static final AttributesNodeProvider TREE_ONLY = new AttributesNodeProvider() {
        @Override
        public AttributesNode getInfoAttributesNode() {
            return null;
        }

        @Override
        public AttributesNode getGlobalAttributesNode() {
            return null;
        }
    };

    /** git's defaults: core.autocrlf false, core.eol native. */
    private static final WorkingTreeOptions DEFAULTS = new Config().get(WorkingTreeOptions.KEY);

    private CheckoutConversion() {
    }

    /**
     * The conversion for a file with these attributes: {@link EolStreamType#DIRECT},
     * {@link EolStreamType#TEXT_CRLF} or {@link EolStreamType#AUTO_CRLF} (decided on the
     * content by {@link #autoCrlfConverts}).
     */
    static EolStreamType eol(Attributes attrs) {
        EolStreamType t = EolStreamTypeUtil.detectStreamType(OperationType.CHECKOUT_OP, DEFAULTS, attrs);
        // JGit's checkout turns CRLF into LF for text files with an LF output; C git leaves the
        // blob as committed (convert.c only ever adds CRs on the way out).
        return t == EolStreamType.TEXT_CRLF || t == EolStreamType.AUTO_CRLF ? t : EolStreamType.DIRECT;
    }

    /**
     * Checkout conversions git would apply that the export does not: filters (Git LFS's
     * {@code filter=lfs} among them: git without the filter configured also writes the
     * pointer file), {@code ident}, {@code working-tree-encoding}. Returns them as written
     * in {@code .gitattributes} ({@code filter=lfs}).
     */
    static List<String> unapplied(Attributes attrs) {
        List<String> out = new ArrayList<>(1);
        Attribute filter = attrs.get("filter");
        if (filter != null && filter.getState() == Attribute.State.CUSTOM) {
            out.add("filter=" + filter.getValue());
        }
        if (attrs.isSet("ident")) {
            out.add("ident");
        }
        String enc = attrs.getValue("working-tree-encoding");
        if (enc != null) {
            out.add("working-tree-encoding=" + enc);
        }
        return out;
    }

    /**
     * Whether {@code text=auto eol=crlf} converts this blob: C git's rule (convert.c,
     * {@code will_convert_lf_to_crlf}) on the whole content: there is a bare LF, no CR at all,
     * and the content is not binary (no NUL, no lone CR, at most one non-printable byte per
     * 128 printable ones). JGit's own guess looks at the first 8000 bytes only.
     */
    static boolean autoCrlfConverts(ObjectLoader loader) throws IOException {
        long lonelf = 0;
        long cr = 0;
        long nul = 0;
        long printable = 0;
        long nonprintable = 0;
        int last = -1;
        boolean pendingCr = false;
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = loader.openStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    int c = buf[i] & 0xff;
                    last = c;
                    if (pendingCr) {
                        pendingCr = false;
                        if (c == '\n') {
                            continue; // CRLF: already counted in cr
                        }
                    }
                    if (c == '\r') {
                        cr++;
                        pendingCr = true;
                    } else if (c == '\n') {
                        lonelf++;
                    } else if (c == 127) {
                        nonprintable++;
                    } else if (c < 32) {
                        if (c == '\b' || c == '\t' || c == 033 || c == '\f') {
                            printable++;
                        } else {
                            if (c == 0) {
                                nul++;
                            }
                            nonprintable++;
                        }
                    } else {
                        printable++;
                    }
                }
            }
        }
        if (last == 032) {
            nonprintable--; // a trailing DOS end-of-file mark does not make a file binary
        }
        // Any CR (CRLF or lone CR) means git leaves the file alone; a lone CR also means binary.
        return lonelf > 0 && cr == 0 && nul == 0 && (printable >> 7) >= nonprintable;
    }
}
