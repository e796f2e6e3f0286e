# `odoo-bin shell` of the fixture Odoo (test fixture of odoo-image-maven, never shipped).
import logging
import sys

from . import cli

_logger = logging.getLogger('odoo')


class _Model:
    def __init__(self, cr, table):
        self._cr, self._table = cr, table

    def search_read(self, domain=(), fields=('name', 'state')):
        where, params = [], []
        for field, op, value in domain:
            if op == '=':
                where.append('%s = %%s' % field)
                params.append(value)
            elif op == 'in':
                where.append('%s = ANY(%%s)' % field)
                params.append(list(value))
            else:
                raise ValueError('unsupported operator %r' % op)
        sql = 'SELECT %s FROM %s' % (', '.join(fields), self._table)
        if where:
            sql += ' WHERE ' + ' AND '.join(where)
        self._cr.execute(sql + ' ORDER BY id', params)
        return [dict(zip(fields, row)) for row in self._cr.fetchall()]


class Cursor:
    """Like odoo.sql_db.Cursor: a psycopg2 cursor that can also commit/rollback its connection."""

    def __init__(self, conn):
        self._conn = conn
        self._cr = conn.cursor()

    def __getattr__(self, name):
        return getattr(self._cr, name)

    def dictfetchall(self):
        cols = [d[0] for d in self._cr.description]
        return [dict(zip(cols, row)) for row in self._cr.fetchall()]

    def commit(self):
        self._conn.commit()

    def rollback(self):
        self._conn.rollback()


class Environment:
    """The `env` of the fixture shell: env.cr (a cursor with commit) and env['ir.module.module']."""

    def __init__(self, cr, dbname):
        self.cr = cr
        self.dbname = dbname

    def __getitem__(self, model):
        if model == 'ir.module.module':
            return _Model(self.cr, 'ir_module_module')
        raise KeyError(model)


def shell(args):
    cfg = cli.parse_config(args)
    cli.check_users(cfg)
    cli.setup_logging(cfg)
    if not cfg['db_name']:
        sys.stderr.write("No database specified, use -d or db_name in the config file\n")
        sys.exit(1)
    conn = cli.connect(cfg, cfg['db_name'])
    cr = conn.cursor()
    try:
        cli.load_registry(cfg, cr)
    except (cli.LoadError, cli.UserError) as e:
        _logger.error('%s', e)
        sys.exit(255)
    conn.commit()
    env = Environment(Cursor(conn), cfg['db_name'])
    local_vars = {'env': env, 'self': env, 'odoo': sys.modules['odoo']}
    if sys.stdin.isatty():
        sys.stderr.write('interactive shell not supported by the fixture; pipe code on stdin\n')
        sys.exit(1)
    try:
        exec(sys.stdin.read(), local_vars)
    finally:
        conn.rollback()  # like Odoo's shell: only what the code committed itself stays
        conn.close()
