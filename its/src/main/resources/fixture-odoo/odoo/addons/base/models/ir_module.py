# The fixture keeps the installed modules in the table ir_module_module, like Odoo.
TABLE = 'ir_module_module'
