"""HTTP transport: the GraphQL endpoints and the GraphiQL page."""
