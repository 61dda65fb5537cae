"""What the database needs from the app beyond queries."""

from django.db import connection

# Rows SQLite samples per index when it gathers statistics: enough to tell a selective
# index from an unselective one, and milliseconds even with millions of rows.
ANALYSIS_LIMIT = 1000


def statistics_refresh() -> None:
    """Tell SQLite how the rows are spread, after a bulk write or at start-up.

    Without statistics SQLite picks an index by its shape alone, and with two equality
    conditions (the owner and a contact) it may read a contact's interactions through the
    owner's index, that is every interaction of the network: seconds instead of a
    millisecond on the contact page of a 50,000-contact network. PostgreSQL gathers its
    own statistics (autovacuum), so there is nothing to do there.
    """
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
        cursor.execute("ANALYZE")
