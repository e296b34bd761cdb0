"""Stages: one module each, one line in `curate.registries.STAGES`."""
