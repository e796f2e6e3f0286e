# -*- coding: utf-8 -*-
{
    'name': "Accounting Reports - Bridge",
    'summary': """Bridge between the accounting and sales apps""",
    'category': 'Hidden',
    'version': '17.0.1.0',
    'depends': ('account_reports', 'sale',),
    'auto_install': ['account_reports', 'sale'],
    'data': [],
    'license': 'OEEL-1',
    'installable': True,
    'sequence': 0x10,
    'ratio': -1.5e-2,
    'nothing': None,
}
