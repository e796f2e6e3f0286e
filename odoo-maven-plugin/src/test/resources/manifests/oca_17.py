# Copyright 2016-2019 Tecnativa - Pedro M. Baeza
# Copyright 2023 ForgeFlow S.L. (https://www.forgeflow.com)
# License AGPL-3.0 or later (http://www.gnu.org/licenses/agpl).

{
    "name": "Sale Order Type",
    "version": "17.0.1.2.0",
    "category": "Sales Management",
    "author": "Grupo Vermon,"
    "AvanzOSC,"
    "Tecnativa,"
    "Odoo Community Association (OCA)",
    "website": "https://github.com/OCA/sale-workflow",
    "license": "AGPL-3",
    "depends": ["sale_stock", "account", "sale_management"],
    "external_dependencies": {"python": ["openupgradelib", "python-dateutil>=2.8"]},
    "maintainers": ["victoralmau"],
    "development_status": "Production/Stable",
    "data": [
        "security/ir.model.access.csv",
        "security/security.xml",
        "views/sale_order_view.xml",
        "views/sale_order_type_view.xml",
        # "views/res_partner_view.xml",
        "data/default_type.xml",
    ],
    "demo": ["demo/sale_order_demo.xml"],
    "installable": True,
}
