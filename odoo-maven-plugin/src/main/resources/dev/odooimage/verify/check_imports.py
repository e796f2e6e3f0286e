"""Imports the modules given as arguments (odoo:smoke). A trailing '?' makes a module
optional: skipped when not installed. Exit 1 when a required or present module fails."""
import importlib
import importlib.util
import os
import sys

# Run from odoo-bin's directory and import like odoo-bin does: its directory first on sys.path.
sys.path.insert(0, os.getcwd())
failed = []
for spec in sys.argv[1:]:
    name = spec.rstrip("?")
    try:
        if spec.endswith("?") and importlib.util.find_spec(name) is None:
            print("absent %s (optional)" % name)
            continue
        importlib.import_module(name)
        print("ok %s" % name)
    except Exception as e:  # any failure to import is the finding
        failed.append(name)
        print("FAILED %s: %s: %s" % (name, type(e).__name__, e))
sys.exit(1 if failed else 0)
