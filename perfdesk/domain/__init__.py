"""Plain-Python rules of the field: the document model, taxonomies, 指标值 parsing and the table layout."""
