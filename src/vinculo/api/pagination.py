"""Pages of the API's lists: ``limit`` and ``offset`` as REST framework reads them."""

from rest_framework.pagination import LimitOffsetPagination


class Pages(LimitOffsetPagination):
    """A ``limit`` larger than a database can take (64-bit) is read as the largest it can:
    REST framework passed any number on, and the database failed on it."""

    max_limit = 2**63 - 1
