# Namespace of the addons: the command line extends __path__ with the addons path, like Odoo.
import os.path
import pkgutil

__path__ = [
    os.path.abspath(path)
    for path in pkgutil.extend_path(__path__, __name__)
]
