# Routes of the fixture server live in odoo/cli.py; this module only proves web imports.
ROUTES = ('/web', '/web/login', '/web/health')
