"""Admin screens for staff beyond page editing: 「担当の事業」 (department staff record the
progress of their own action items) and 「計画表の取り込み」 (upload a plan table, read the
dry run's report, confirm to apply it).

The URLs are registered by ``plans.wagtail_hooks`` under ``/admin/kyodo/``.
"""
