"""The benchmark: metacrm against raw SQL and PostGraphile on the perf anchor's CRM data (`python -m bench`)."""
