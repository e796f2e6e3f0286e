package dev.odooimage.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import dev.odooimage.util.ProcessRunner;

/** The pdf-report verdict on odoo-shell's output (the rendering itself runs in RealOdooPdfIT). */
class PdfReportCheckTest {
    static final String BIN = "/usr/bin/wkhtmltopdf";

    @Test
    void aPdfPasses() {
        CheckResult c = PdfReportCheck.judge(new ProcessRunner.Result(0, "SMOKE-PDF-STATE ok\nSMOKE-PDF pdf 23817 "
                + "255044462d312e34\n", false), BIN);
        assertEquals(CheckResult.Status.PASS, c.status());
        assertEquals("base.ir_module_reference_print: 23817 bytes, %PDF-1.4 (/usr/bin/wkhtmltopdf)", c.message());
    }

    @Test
    void htmlInsteadOfPdfFails() {
        CheckResult c = PdfReportCheck.judge(new ProcessRunner.Result(0, "SMOKE-PDF html 5120 3c21444f43545950\n",
                false), BIN);
        assertEquals(CheckResult.Status.FAIL, c.status());
        assertTrue(c.message().startsWith("the report came back as html starting with '<!DOCTYP', not a PDF"),
                c.message());
    }

    @Test
    void aPdfHeaderThatIsNotPdfFails() {
        CheckResult c = PdfReportCheck.judge(new ProcessRunner.Result(0, "SMOKE-PDF pdf 3 00ff41\n", false), BIN);
        assertEquals(CheckResult.Status.FAIL, c.status());
        assertTrue(c.message().contains("starting with '??A', not a PDF"), c.message());
    }

    @Test
    void aWkhtmltopdfErrorIsNamed() {
        CheckResult c = PdfReportCheck.judge(new ProcessRunner.Result(1, "Traceback (most recent call last):\n"
                + "odoo.exceptions.UserError: Wkhtmltopdf failed (error code: -6). Message: qt.qpa.xcb: could not"
                + " connect to display\n", false), BIN);
        assertEquals(CheckResult.Status.FAIL, c.status());
        assertEquals("odoo-shell exited 1 without a PDF from /usr/bin/wkhtmltopdf: odoo.exceptions.UserError:"
                + " Wkhtmltopdf failed (error code: -6). Message: qt.qpa.xcb: could not connect to display",
                c.message());
    }
}
