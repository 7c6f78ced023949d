"""Authorization: who may see and change which objects, fields and rows."""
