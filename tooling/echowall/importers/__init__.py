"""`echowall import`: bring existing records in — form exports, 12345 work-order sheets,
Open311 GeoReport v2 requests (JSON, XML), 311-style CSV — through a mapping file.

One pass, all or nothing: read the export (read.py), turn rows into records (convert.py),
find each record's item by its ref (the same record always gets the same id), work out what
is new (a new item, or events and ratings the item does not have yet), look for personal data
in every text it would publish (review.py), check the whole ledger with the change in place,
and only then write. Pure but for `write_plan`; the CLI prints.
"""
from __future__ import annotations

from .run import Plan, plan_import, write_plan  # noqa: F401
