"""Plan tables (計画表): the spreadsheet format of ``docs/plan-table-format.md``.

``columns`` names the columns and their headers, ``values`` reads and writes each kind of
cell. The importer and the exporter both build on these two modules, so the format is
defined once.

The importer's dry run goes by stages (``docs/architecture.md``): ``reader`` (the file's
cells), ``layout`` (where the table is), ``headers`` (which column each header names), then
``stored``, ``rows``, ``matching`` and ``changes`` (what the rows would change), run in
order by ``importer.plan_import``. Writing is ``plans.services``'.
"""
