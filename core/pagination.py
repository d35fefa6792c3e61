"""The API's page-number pagination (REST framework's, one rule stricter)."""

from rest_framework.pagination import PageNumberPagination as DRFPageNumberPagination


class PageNumberPagination(DRFPageNumberPagination):
    """An empty ``?page=`` is not page 1: like ``?page=abc`` it is an invalid page (404, JSON).
    REST framework read the empty value as "no page given" and answered 200, which the schema
    (page: integer) does not allow; schemathesis found it."""

    def get_page_number(self, request, paginator):
        raw = request.query_params.get(self.page_query_param)
        if raw is not None and not raw.strip():
            return raw  # Paginator.page("") raises InvalidPage: REST framework answers 404
        return super().get_page_number(request, paginator)
