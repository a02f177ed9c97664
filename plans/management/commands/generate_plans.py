"""Synthetic plans for trying the site at scale (see plans/synthetic.py)."""

from django.core.management.base import BaseCommand, CommandError

from plans.synthetic import DEFAULT_START_YEAR, SyntheticError, generate_plans


class Command(BaseCommand):
    help = (
        "Create synthetic plans with realistic Japanese text under the default site's plan index "
        "(run load_demo first). Each plan gets --measures measures of --items items each, so "
        "--measures 40 --items 50 makes a 2,000-item plan. Plans are numbered after the ones "
        "already there (slug synthetic-N), so repeated runs never collide."
    )

    def add_arguments(self, parser):
        parser.add_argument("--plans", type=int, default=1, help="number of plans (default 1)")
        parser.add_argument("--measures", type=int, default=10, help="measures per plan (default 10)")
        parser.add_argument("--items", type=int, default=10, help="items per measure (default 10)")
        parser.add_argument("--seed", type=int, default=None, help="random seed: same seed, same plans")
        parser.add_argument(
            "--start-year",
            type=int,
            default=DEFAULT_START_YEAR,
            help=f"first fiscal year of the five-year plan period (default {DEFAULT_START_YEAR})",
        )
        parser.add_argument(
            "--progress-years",
            type=int,
            default=2,
            help="fiscal years with progress rows, ending with the fourth year of the plan (default 2)",
        )
        state = parser.add_mutually_exclusive_group()
        state.add_argument(
            "--publish", dest="publish", action="store_true", default=True, help="publish the pages (default)"
        )
        state.add_argument("--draft", dest="publish", action="store_false", help="save the pages as drafts")
        parser.add_argument(
            "--no-revisions",
            dest="revisions",
            action="store_false",
            default=True,
            help="write no revisions (faster; the pages then have no history in the admin)",
        )

        parser.add_argument(
            "--no-index",
            dest="index_search",
            action="store_false",
            default=True,
            help="leave the search index alone (faster; run manage.py update_index afterwards)",
        )

    def handle(self, *args, **options):
        try:
            summary = generate_plans(
                plans=options["plans"],
                measures=options["measures"],
                items=options["items"],
                seed=options["seed"],
                start_year=options["start_year"],
                progress_years=options["progress_years"],
                publish=options["publish"],
                revisions=options["revisions"],
                index_search=options["index_search"],
            )
        except SyntheticError as error:
            raise CommandError(str(error)) from error
        for line in summary.lines():
            self.stdout.write(line)
