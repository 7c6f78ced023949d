"""metacrm server: ASGI app, GraphQL generation, authentication and authorization."""
