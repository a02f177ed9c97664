"""The endpoints of /api/v2/. The pages endpoint is registered before the preview so that
links to pages (``detail_url``) point at /api/v2/pages/."""

from wagtail.api.v2.router import WagtailAPIRouter

from .views import DocumentsAPIViewSet, ImagesAPIViewSet, PagePreviewAPIViewSet, PagesAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)
api_router.register_endpoint("page_preview", PagePreviewAPIViewSet)
