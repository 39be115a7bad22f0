"""The 指标库: indicators a clerk can start from (built-in, imported from a bureau, learned from documents)."""
