"""metacrm plugins: the plugin interface and the built-in plugins."""
