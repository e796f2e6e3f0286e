# -*- encoding: utf-8 -*-
##############################################################################
#
#    OpenERP, Open Source Management Solution
#    Copyright (C) 2004-2010 Tiny SPRL (<http://tiny.be>).
#
#    This program is free software: you can redistribute it and/or modify
#    it under the terms of the GNU Affero General Public License as
#    published by the Free Software Foundation, either version 3 of the
#    License, or (at your option) any later version.
#
##############################################################################


{
    "name" : "Partner Firstname",
    "version" : "8.0.2.2.0",
    "author" : "Camptocamp,Odoo Community Association (OCA)",
    "category" : "Extra Tools",
    "website" : "http://www.camptocamp.com",
    "depends" : ["base"],
    "description": """
This module splits first name and last name for non company partners
====================================================================

The field 'name' becomes a stored function field concatenating lastname and
firstname. Note: in version 7.0, the "name" field was\tsplit.
""",
    "init_xml" : [],
    "update_xml" : ["partner_view.xml",
                    "res_user_view.xml",],
    "demo_xml" : [],
    'test' : [],
    "active": False,
    "installable": False,
    'auto_install' : False,
    "price" : 9.99 ,
    'currency': 'EUR',
}
