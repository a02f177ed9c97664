"""Every write to plans, in typed functions: the admin, the commands, the demo and the APIs
call these and nothing else writes plan records.

- :mod:`plans.services.plans`: creating a plan.
- :mod:`plans.services.progress`: recording a year's progress of an item.
- :mod:`plans.services.imports`: carrying out a plan-table import (its write stage is
  :mod:`plans.services.import_writer`).
- :mod:`plans.services.bulk_pages`: many new pages at once, as Wagtail would write them
  (the import and ``generate_plans``).

Reads live in :mod:`plans.selectors` and :mod:`plans.rollup`.
"""
