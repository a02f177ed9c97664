from ninja import NinjaAPI

api = NinjaAPI(
    title="Kyodo open data",
    version="1",
    urls_namespace="open-data",
)
