# Version information of the fixture Odoo; @SERIES@ is set by the test kit.
RELEASE_LEVELS = [ALPHA, BETA, RELEASE_CANDIDATE, FINAL] = ['alpha', 'beta', 'candidate', 'final']

serie = major_version = '@SERIES@'
version_info = tuple(int(p) for p in serie.split('.')) + (0, FINAL, 0, '')
version = serie
product_name = 'Odoo'
description = 'Odoo Server'
nt_service_name = "odoo-server-" + serie
