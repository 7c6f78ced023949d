"""metacrm metadata: the model of tenant objects and fields, its storage and runtime DDL."""
