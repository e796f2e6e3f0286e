# -*- coding: utf-8 -*-
{
    'name': 'Web',
    'category': 'Hidden',
    'version': '1.0',
    'description': """Odoo Web core module (fixture).""",
    'depends': ['base'],
    'auto_install': True,
    'data': [],
    'bootstrap': True,
    'license': 'LGPL-3',
}
