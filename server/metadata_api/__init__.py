"""The metadata API (SPEC §3): a static strawberry schema served at `POST /metadata`."""
