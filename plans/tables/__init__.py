"""Plan tables (計画表): the spreadsheet format of ``docs/plan-table-format.md``.

``columns`` names the columns and their headers, ``values`` reads and writes each kind of
cell. The importer and the exporter both build on these two modules, so the format is
defined once.
"""
