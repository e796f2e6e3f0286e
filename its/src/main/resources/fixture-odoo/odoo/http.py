# HTTP side of the fixture Odoo (test fixture of odoo-image-maven, never shipped): the routes an
# image smoke test and a load balancer look at, served by the standard library.
import json
import logging
import signal
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from . import release

_logger = logging.getLogger('odoo.service.server')


def serve(cfg):
    interface = cfg['http_interface'] or '0.0.0.0'
    httpd = ThreadingHTTPServer((interface, int(cfg['http_port'])), _handler(cfg))
    httpd.daemon_threads = True

    def stop(signum, frame):
        _logger.info('Initiating shutdown')
        threading.Thread(target=httpd.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    _logger.info('HTTP service (werkzeug) running on %s:%s', interface, httpd.server_address[1])
    httpd.serve_forever()
    httpd.server_close()
    _logger.info('Stopped')


def _handler(cfg):
    wlog = logging.getLogger('werkzeug')

    class Handler(BaseHTTPRequestHandler):
        server_version = 'Werkzeug/2.2.2'
        sys_version = ''

        def log_message(self, fmt, *a):
            wlog.info('%s - - "%s" %s', self.address_string(), self.requestline, a[1] if len(a) > 1 else '-')

        def _send(self, code, body=b'', ctype='text/html; charset=utf-8', location=None):
            self.send_response(code)
            if location:
                self.send_header('Location', location)
            self.send_header('Content-Type', ctype)
            self.send_header('Content-Length', str(len(body)))
            self.end_headers()
            if self.command != 'HEAD':
                self.wfile.write(body)

        def do_GET(self):
            path = self.path.split('?', 1)[0]
            if path == '/web/health':
                self._send(200, json.dumps({'status': 'pass'}).encode(), 'application/json; charset=utf-8')
            elif path in ('/', '/odoo'):
                self._send(303, location='/web')
            elif path == '/web':
                self._send(303, location='/web/login')
            elif path == '/web/login':
                body = ('<!DOCTYPE html><html><head><title>Odoo</title></head><body>'
                        '<form class="oe_login_form" method="post" action="/web/login">'
                        '<input type="hidden" name="db" value="%s"/>'
                        '<input name="login"/><input name="password" type="password"/>'
                        '<button type="submit">Log in</button></form></body></html>'
                        % (cfg['db_name'] or '')).encode()
                self._send(200, body)
            else:
                self._send(404, b'<h1>Not Found</h1>')

        do_HEAD = do_GET

        def do_POST(self):
            if self.path.split('?', 1)[0] == '/web/webclient/version_info':
                result = {'server_version': release.version, 'server_version_info': list(release.version_info),
                          'server_serie': release.serie, 'protocol_version': 1}
                body = json.dumps({'jsonrpc': '2.0', 'id': None, 'result': result}).encode()
                self._send(200, body, 'application/json')
            else:
                self._send(404, b'<h1>Not Found</h1>')

    return Handler
