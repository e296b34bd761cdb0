"""Ingestors: one module each, one line in `curate.registries.INGESTORS`."""
