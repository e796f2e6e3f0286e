package dev.odooimage.verify;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.odooimage.util.ProcessRunner;

/**
 * {@code pdf-report}: when the image has wkhtmltopdf, Odoo renders a real PDF report through it
 * (base's module reference of the module base, with {@code odoo-shell} as the image user against
 * the smoke database) and the result starts with {@code %PDF-}. A missing font, library or a
 * wkhtmltopdf that cannot start shows here instead of at a customer's first invoice.
 */
final class PdfReportCheck {
    static final String ID = "pdf-report";
    static final String TITLE = "Odoo renders a PDF report through wkhtmltopdf";
    static final String SCRIPT = "render_pdf.py";
    private static final Pattern RESULT = Pattern.compile("SMOKE-PDF (\\S+) (\\d+) ([0-9a-f]*)");

    private final ContainerEngine engine;
    private final String image;
    private final SmokeOptions o;
    private final Consumer<String> log;

    PdfReportCheck(ContainerEngine engine, String image, SmokeOptions o, Consumer<String> log) {
        this.engine = engine;
        this.image = image;
        this.o = o;
        this.log = log;
    }

    /** Where wkhtmltopdf is on the image's PATH, as Odoo looks it up; empty when it is not there. */
    String wkhtmltopdf() {
        ProcessRunner.Result r = engine.run(Duration.ofMinutes(2), "run", "--rm", "--network", "none",
                "--entrypoint", o.python(), image, "-c",
                "import shutil; print(shutil.which('wkhtmltopdf') or '')");
        return r.ok() ? r.output().trim() : "";
    }

    CheckResult check(Cleanup cleanup, List<String> common, Path scripts, String id) {
        String bin = wkhtmltopdf();
        if (bin.isEmpty()) {
            return CheckResult.skip(ID, TITLE, "no wkhtmltopdf in the image (add it to system-runtime-packages.txt"
                    + " for PDF reports)");
        }
        String name = "odoo-smoke-pdf-" + id;
        cleanup.add(() -> engine.removeContainer(name));
        String mount = SmokeRunner.MOUNT + "-scripts";
        List<String> cmd = new ArrayList<>(List.of("run", "--rm", "--name", name));
        cmd.addAll(common);
        // odoo-shell reads its script on stdin: the shell redirect keeps it off the command line
        cmd.addAll(List.of("-v", scripts + ":" + mount + ":ro", "--entrypoint", "sh", image, "-c",
                "exec " + o.scriptsDir() + "/odoo-shell --no-http --log-level=warn < " + mount + "/" + SCRIPT));
        log.accept("rendering a PDF report with " + bin);
        ProcessRunner.Result r = engine.run(o.commandTimeout(), cmd);
        engine.removeContainer(name);
        return judge(r, bin);
    }

    /** The verdict on odoo-shell's output (separate, so the wording is tested without a container). */
    static CheckResult judge(ProcessRunner.Result r, String bin) {
        Matcher m = RESULT.matcher(r.output());
        if (!r.ok() || !m.find()) {
            String why = r.output().lines().filter(l -> l.contains("Error") || l.contains("wkhtmltopdf"))
                    .reduce((a, b) -> b).orElse(r.tail(1));
            return CheckResult.fail(ID, TITLE, "odoo-shell exited " + r.exitCode() + (r.timedOut() ? " (timed out)"
                    : "") + " without a PDF from " + bin + ": " + why, SmokeRunner.lastLines(r, 20));
        }
        String head = new String(HexFormat.of().parseHex(m.group(3)), StandardCharsets.ISO_8859_1);
        if (!m.group(1).equals("pdf") || !head.startsWith("%PDF-")) {
            return CheckResult.fail(ID, TITLE, "the report came back as " + m.group(1) + " starting with '"
                    + head.replaceAll("[^\\x20-\\x7e]", "?") + "', not a PDF: Odoo fell back from wkhtmltopdf ("
                    + bin + "); see the log lines", SmokeRunner.lastLines(r, 20));
        }
        return CheckResult.pass(ID, TITLE, "base.ir_module_reference_print: " + m.group(2) + " bytes, "
                + head.trim() + " (" + bin + ")");
    }
}
