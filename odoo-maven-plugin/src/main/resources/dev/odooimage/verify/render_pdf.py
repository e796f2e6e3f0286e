# odoo:smoke pdf-report: run by odoo-shell (stdin) as the image user. Renders base's module
# reference report for the module "base" through ir.actions.report, i.e. through wkhtmltopdf,
# and prints one line the smoke test reads: "SMOKE-PDF <format> <size> <hex of the first 8 bytes>".
import inspect
import sys

XMLID = "base.ir_module_reference_print"
Report = env["ir.actions.report"]
module = env.ref("base.module_base")
print("SMOKE-PDF-STATE %s" % Report.get_wkhtmltopdf_state())
params = list(inspect.signature(Report._render_qweb_pdf).parameters)
if params and params[0] == "report_ref":
    # Odoo 16 and later: a model method taking the report
    content, kind = Report._render_qweb_pdf(XMLID, [module.id])
else:
    # Odoo 14 and 15: a method of the report record
    content, kind = env.ref(XMLID)._render_qweb_pdf([module.id])
if isinstance(content, str):
    content = content.encode("utf-8")
print("SMOKE-PDF %s %d %s" % (kind, len(content), content[:8].hex()))
sys.stdout.flush()
