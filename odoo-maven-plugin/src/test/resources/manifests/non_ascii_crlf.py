{
	'name':'Localización Española – Nuevo Plan 中文',
	'author' : 'Müller & Søn 🚀, Zürich',
	'summary' : u'Contabilidad ' r'C:\ruta\sin\escapes ' '\u00e9\x41\101' ,
	'description' : '''\
Primera línea
  Segunda "línea" con 'comillas'
''' ,
	'depends':[
		'account'   ,
		'base_vat',
	],
	'version':"17.0.5.3",
	'license' :   'LGPL-3'   ,
	'countries' : { 'es', },
	'data' : [ ] , # vacío
	'installable':True,'auto_install':True ,
}
