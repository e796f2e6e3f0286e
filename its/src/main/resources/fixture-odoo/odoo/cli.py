# Fixture stand-in for Odoo's command line (test fixture of odoo-image-maven, never shipped).
#
# What it does like Odoo @SERIES@: options and odoo.conf ([options]) for what an image runtime
# needs; -d DB creates the database when missing; -i/-u install/update modules, resolving
# `depends` from the __manifest__.py files found on the addons path (odoo/addons first, then the
# addons path in order, first match wins) and recording them in ir_module_module; every module
# it loads is imported as odoo.addons.<name>; a server answering /web/health, /web, /web/login
# (odoo/http.py); `shell` runs python from stdin with an `env` (odoo/shell.py).
#
# Where it is stricter than Odoo, on purpose (the fixture exists to catch broken images):
# - a module named in -i/-u that is on no addons path: Odoo only warns "invalid module names,
#   ignored"; the fixture logs the same warning and then fails (exit 255);
# - any ERROR while loading modules (missing installed module, uninitialised database) fails
#   the run (exit 255) instead of letting the server start half-loaded.
import argparse
import ast
import configparser
import importlib
import importlib.metadata
import logging
import os
import sys
import threading

import psycopg2  # like Odoo: nothing runs without it
import psycopg2.errors

from . import http, release

_logger = logging.getLogger('odoo')

ROOT = os.path.dirname(os.path.abspath(__file__))
BASE_ADDONS = os.path.join(ROOT, 'addons')
MANIFEST = '__manifest__.py'

DEFAULTS = {
    'addons_path': None, 'data_dir': os.path.join(os.path.expanduser('~'), '.local', 'share', 'Odoo'),
    'db_host': None, 'db_port': None, 'db_user': None, 'db_password': None, 'db_name': None,
    'db_sslmode': 'prefer', 'db_template': 'template0', 'http_port': 8069, 'http_interface': '',
    'http_enable': True, 'without_demo': False, 'log_level': 'info', 'logfile': None,
    'admin_passwd': 'admin', 'list_db': True, 'proxy_mode': False, 'workers': 0,
    'max_cron_threads': 2, 'dbfilter': '', 'stop_after_init': False, 'init': '', 'update': '',
}
INT_OPTIONS = {'http_port', 'db_port', 'workers', 'max_cron_threads'}


class LoadError(Exception):
    """An error Odoo reports while loading the registry (logged, then exit 255)."""


class UserError(Exception):
    pass


class Parser(argparse.ArgumentParser):
    def error(self, message):
        sys.stderr.write("Usage: odoo-bin [options]\n\nodoo-bin: error: %s\n" % message)
        sys.exit(2)


def _parser():
    p = Parser(prog='odoo-bin', add_help=True, argument_default=argparse.SUPPRESS)
    p.add_argument('--version', action='store_true')
    p.add_argument('-c', '--config', dest='config')
    p.add_argument('--addons-path', dest='addons_path')
    p.add_argument('-D', '--data-dir', dest='data_dir')
    p.add_argument('-d', '--database', dest='db_name')
    p.add_argument('-i', '--init', dest='init')
    p.add_argument('-u', '--update', dest='update')
    p.add_argument('--without-demo', dest='without_demo', nargs='?', const='all')
    p.add_argument('--stop-after-init', dest='stop_after_init', action='store_true')
    p.add_argument('--db_host', dest='db_host')
    p.add_argument('--db_port', dest='db_port', type=int)
    p.add_argument('-r', '--db_user', dest='db_user')
    p.add_argument('-w', '--db_password', dest='db_password')
    p.add_argument('--db_sslmode', dest='db_sslmode')
    p.add_argument('--db-template', dest='db_template')
    p.add_argument('-p', '--http-port', dest='http_port', type=int)
    p.add_argument('--http-interface', dest='http_interface')
    p.add_argument('--no-http', dest='http_enable', action='store_false')
    p.add_argument('--log-level', dest='log_level')
    p.add_argument('--logfile', dest='logfile')
    p.add_argument('--proxy-mode', dest='proxy_mode', action='store_true')
    p.add_argument('--no-database-list', dest='list_db', action='store_false')
    p.add_argument('--db-filter', dest='dbfilter')
    p.add_argument('--workers', dest='workers', type=int)
    p.add_argument('--max-cron-threads', dest='max_cron_threads', type=int)
    return p


def _from_file(value):
    if value in ('False', 'false', 'None', 'none', ''):
        return None if value in ('None', 'none', '') else False
    if value in ('True', 'true'):
        return True
    return value


def parse_config(args):
    opts = vars(_parser().parse_args(args))
    if opts.get('version'):
        print("%s %s" % (release.description, release.version))
        sys.exit(0)
    cfg = dict(DEFAULTS)
    rcfile = opts.get('config') or os.environ.get('ODOO_RC')
    if rcfile:
        # like Odoo: an unreadable config file is silently ignored
        cp = configparser.RawConfigParser()
        try:
            with open(rcfile) as fp:
                cp.read_file(fp)
        except OSError:
            pass
        if cp.has_section('options'):
            for key, value in cp.items('options'):
                cfg[key] = _from_file(value)
    for key, value in opts.items():
        if key == 'addons_path':
            value = _check_addons_path(value)
        cfg[key] = value
    for key in INT_OPTIONS:
        if cfg.get(key) not in (None, False):
            cfg[key] = int(cfg[key])
    if (cfg['init'] or cfg['update']) and not cfg['db_name']:
        _parser().error("the -i/--init and -u/--update options require a database (-d)")
    return cfg


def _check_addons_path(value):
    paths = []
    for path in value.split(','):
        path = path.strip()
        res = os.path.abspath(os.path.expanduser(path))
        if not os.path.isdir(res):
            _parser().error("option --addons-path: no such directory: %r" % res)
        if not _is_addons_path(res):
            _parser().error("option --addons-path: the path %r is not a valid addons directory" % path)
        paths.append(res)
    return ','.join(paths)


def _is_addons_path(path):
    for f in os.listdir(path):
        if os.path.isfile(os.path.join(path, f, MANIFEST)):
            return True
    return False


def setup_logging(cfg):
    dbname = cfg['db_name'] or '?'

    class DbFilter(logging.Filter):
        def filter(self, record):
            record.dbname = dbname
            return True

    handler = logging.FileHandler(cfg['logfile']) if cfg['logfile'] else logging.StreamHandler()
    handler.addFilter(DbFilter())
    handler.setFormatter(logging.Formatter(
        '%(asctime)s %(process)s %(levelname)s %(dbname)s %(name)s: %(message)s'))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(getattr(logging, str(cfg['log_level']).upper(), logging.INFO))


# ---------------------------------------------------------------- addons path and manifests

def addons_paths(cfg):
    """Like odoo.modules.module.initialize_sys_path: odoo/addons first, then the addons path."""
    import odoo.addons
    if cfg['addons_path']:
        wanted = [p.strip() for p in str(cfg['addons_path']).split(',') if p.strip()]
    else:
        wanted = [BASE_ADDONS]
        main_addons = os.path.abspath(os.path.join(ROOT, '..', 'addons'))
        if os.path.isdir(main_addons):
            wanted.append(main_addons)
    for ad in [os.path.join(str(cfg['data_dir']), 'addons', release.serie)] + wanted + [BASE_ADDONS]:
        ad = os.path.normcase(os.path.abspath(ad))
        if ad not in odoo.addons.__path__ and os.path.isdir(ad):
            odoo.addons.__path__.append(ad)
    return list(odoo.addons.__path__)


def find_modules(paths):
    found = {}
    for path in paths:
        for name in sorted(os.listdir(path)):
            mod = os.path.join(path, name)
            if name not in found and os.path.isfile(os.path.join(mod, MANIFEST)):
                found[name] = mod
    return found


def manifest(path):
    with open(os.path.join(path, MANIFEST)) as f:
        data = ast.literal_eval(f.read())
    data.setdefault('depends', [])
    data.setdefault('installable', True)
    data.setdefault('auto_install', False)
    data.setdefault('version', '1.0')
    data.setdefault('external_dependencies', {})
    return data


def check_python_external_dependency(pydep):
    try:
        importlib.metadata.version(pydep)
    except importlib.metadata.PackageNotFoundError as e:
        try:
            importlib.import_module(pydep)
        except ImportError:
            raise Exception('No package matching %s could be found' % pydep) from e


# ---------------------------------------------------------------- database

def connect(cfg, dbname):
    params = {'dbname': dbname, 'application_name': 'odoo-%d' % os.getpid()}
    for key, opt in (('host', 'db_host'), ('port', 'db_port'), ('user', 'db_user'),
                     ('password', 'db_password'), ('sslmode', 'db_sslmode')):
        if cfg.get(opt):
            params[key] = cfg[opt]
    return psycopg2.connect(**params)


def create_empty_database(cfg, name):
    """Like odoo.service.db._create_empty_database; returns False when it exists already."""
    conn = connect(cfg, 'postgres')
    try:
        conn.autocommit = True
        cr = conn.cursor()
        cr.execute("SELECT datname FROM pg_database WHERE datname = %s", (name,))
        if cr.fetchall():
            return False
        cr.execute('CREATE DATABASE "%s" ENCODING \'unicode\' LC_COLLATE \'C\' TEMPLATE "%s"'
                   % (name.replace('"', ''), str(cfg['db_template']).replace('"', '')))
        _logger.info('Create database `%s`.', name)
        return True
    finally:
        conn.close()


SCHEMA = """
CREATE TABLE ir_module_module (
    id serial PRIMARY KEY,
    name varchar NOT NULL UNIQUE,
    state varchar NOT NULL,
    latest_version varchar,
    demo boolean DEFAULT false,
    create_date timestamp DEFAULT (now() at time zone 'UTC'),
    write_date timestamp DEFAULT (now() at time zone 'UTC')
);
CREATE TABLE ir_module_module_dependency (
    id serial PRIMARY KEY,
    module_id integer NOT NULL REFERENCES ir_module_module(id) ON DELETE CASCADE,
    name varchar NOT NULL
);
"""


def is_initialized(cr):
    cr.execute("SELECT 1 FROM pg_class WHERE relname = 'ir_module_module' AND relkind = 'r'")
    return bool(cr.fetchone())


def installed(cr):
    cr.execute("SELECT name FROM ir_module_module WHERE state = 'installed' ORDER BY id")
    return [r[0] for r in cr.fetchall()]


def load_registry(cfg, cr):
    """Initialises/updates modules as asked by -i/-u, then imports every installed module."""
    dbname = cfg['db_name']
    init = [m.strip() for m in str(cfg['init'] or '').split(',') if m.strip()]
    update = [m.strip() for m in str(cfg['update'] or '').split(',') if m.strip()]
    paths = addons_paths(cfg)
    found = find_modules(paths)
    manifests = {name: manifest(path) for name, path in found.items()}
    if not is_initialized(cr):
        if not init and not cfg.get('_created'):
            raise LoadError("Database %s not initialized, you can force it with `-i base`" % dbname)
        _logger.info('init db')
        cr.execute(SCHEMA)
        init = ['base'] + [m for m in init if m != 'base']
    if init or update:
        _logger.info('updating modules list')
        for name, man in manifests.items():
            state = 'uninstalled' if man['installable'] else 'uninstallable'
            cr.execute("INSERT INTO ir_module_module (name, state) VALUES (%s, %s) ON CONFLICT (name) DO NOTHING RETURNING id",
                       (name, state))
            row = cr.fetchone()
            if row:
                for dep in man['depends']:
                    cr.execute("INSERT INTO ir_module_module_dependency (module_id, name) VALUES (%s, %s)", (row[0], dep))
        invalid = [m for m in init + update if m != 'all' and m not in manifests]
        if invalid:
            _logger.warning('invalid module names, ignored: %s', ', '.join(invalid))
            raise LoadError('module(s) not found on the addons path %s: %s (fixture is strict)'
                            % (','.join(paths), ', '.join(invalid)))
    already = set(installed(cr))
    to_install = _closure([m for m in init if m not in already], manifests, already)
    to_install = _auto_install(to_install, manifests, already)
    demo = not cfg['without_demo']
    for name in to_install:
        for pydep in manifests[name]['external_dependencies'].get('python', []):
            try:
                check_python_external_dependency(pydep)
            except Exception as e:
                raise UserError('Unable to install module "%s" because an external dependency is not met: %s'
                                % (name, e))
    order = to_install + [m for m in already if m not in to_install]
    upgrade = sorted(already) if 'all' in update else [m for m in update if m in already]
    missing = [m for m in already if m not in manifests]
    if missing:
        raise LoadError('Some modules are not loaded, some dependencies or manifest may be missing: %s'
                        % sorted(missing))
    for i, name in enumerate(order, 1):
        _logger.info('Loading module %s (%d/%d)', name, i, len(order))
        importlib.import_module('odoo.addons.' + name)
    for name in to_install:
        cr.execute("UPDATE ir_module_module SET state = 'installed', latest_version = %s, demo = %s, "
                   "write_date = now() at time zone 'UTC' WHERE name = %s",
                   (manifests[name]['version'], demo, name))
    for name in upgrade:
        cr.execute("UPDATE ir_module_module SET latest_version = %s, write_date = now() at time zone 'UTC' "
                   "WHERE name = %s", (manifests[name]['version'], name))
        _logger.info('module %s: upgraded', name)
    if to_install or upgrade:
        filestore = os.path.join(str(cfg['data_dir']), 'filestore', dbname)
        os.makedirs(filestore, mode=0o700, exist_ok=True)
    _logger.info('%d modules loaded', len(order))
    return order


def _closure(names, manifests, already):
    """Modules to install for names, dependencies first (like button_install)."""
    result = []

    def visit(name, chain):
        if name in already or name in result:
            return
        if name in chain:
            raise UserError('Circular dependency: %s' % ' -> '.join(chain + [name]))
        for dep in manifests[name]['depends']:
            if dep not in manifests:
                raise UserError("You try to install module %r that depends on module %r.\n"
                                "But the latter module is not available in your system." % (name, dep))
            visit(dep, chain + [name])
        if not manifests[name]['installable']:
            raise UserError('Module %r is not installable' % name)
        result.append(name)

    for n in names:
        visit(n, [])
    return result


def _auto_install(to_install, manifests, already):
    done = set(to_install) | set(already)
    changed = bool(to_install)
    while changed:
        changed = False
        for name, man in sorted(manifests.items()):
            if name not in done and man['auto_install'] and man['installable'] \
                    and all(d in done for d in man['depends']):
                to_install.append(name)
                done.add(name)
                changed = True
    return to_install


def preload(cfg):
    """Runs load_registry in one transaction; returns the exit code Odoo would return."""
    try:
        conn = connect(cfg, cfg['db_name'])
        try:
            with conn:
                load_registry(cfg, conn.cursor())
        finally:
            conn.close()
        return 0
    except (LoadError, UserError) as e:
        _logger.error('%s', e)
        _logger.critical('Failed to initialize database `%s`.', cfg['db_name'])
        return -1
    except Exception:
        _logger.critical('Failed to initialize database `%s`.', cfg['db_name'], exc_info=True)
        return -1


# ---------------------------------------------------------------- commands

def check_users(cfg):
    if os.name == 'posix' and os.getuid() == 0:
        sys.stderr.write("Running as user 'root' is a security risk.\n")
    if (cfg['db_user'] or os.environ.get('PGUSER')) == 'postgres':
        sys.stderr.write("Using the database user 'postgres' is a security risk, aborting.")
        sys.exit(1)


def prepare_database(cfg):
    if cfg['db_name']:
        try:
            cfg['_created'] = create_empty_database(cfg, cfg['db_name'])
        except psycopg2.errors.InsufficientPrivilege as err:
            _logger.info("Could not determine if database %s exists, skipping auto-creation: %s",
                         cfg['db_name'], err)


def server(args):
    cfg = parse_config(args)
    check_users(cfg)
    setup_logging(cfg)
    _logger.info('Odoo version %s', release.version)
    _logger.info('addons paths: %s', addons_paths(cfg))
    if cfg['db_host'] or cfg['db_port']:
        _logger.info('database: %s@%s:%s', cfg['db_user'] or 'default', cfg['db_host'] or 'default',
                     cfg['db_port'] or 'default')
    prepare_database(cfg)
    rc = preload(cfg) if cfg['db_name'] else 0
    if cfg['stop_after_init'] or rc:
        sys.exit(rc)
    if not cfg['http_enable']:
        threading.Event().wait()
    os.makedirs(os.path.join(str(cfg['data_dir']), 'sessions'), mode=0o700, exist_ok=True)
    http.serve(cfg)


def shell(args):
    from . import shell as shell_command
    shell_command.shell(args)


COMMANDS = {'server': server, 'shell': shell}


def main():
    args = sys.argv[1:]
    command = 'server'
    if args and not args[0].startswith('-'):
        command, args = args[0], args[1:]
    if command not in COMMANDS:
        sys.exit('Unknown command %r' % (command,))
    COMMANDS[command](args)
