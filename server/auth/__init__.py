"""Authentication: signed access tokens (JWT) and hashed API keys, both bound to one tenant."""
