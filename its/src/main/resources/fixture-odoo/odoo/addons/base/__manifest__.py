# -*- coding: utf-8 -*-
{
    'name': 'Base',
    'version': '1.3',
    'category': 'Hidden',
    'description': """The kernel of Odoo, needed for all installation (fixture).""",
    'depends': [],
    'data': [],
    'installable': True,
    'auto_install': True,
    'license': 'LGPL-3',
}
