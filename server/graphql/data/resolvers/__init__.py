"""One resolver factory per data API operation; each binds one object of the model snapshot."""
