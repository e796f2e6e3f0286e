# Fixture stand-in for the odoo package (test fixture, never shipped).
import sys

MIN_PY_VERSION = (3, 7)
assert sys.version_info > MIN_PY_VERSION, "Outdated python version detected, Odoo requires Python >= 3.7 to run."

from . import release  # noqa: E402
from . import cli  # noqa: E402
