"""GraphQL plumbing shared by the data API and the metadata API."""
