"""Trainer formats: one module each, one line in `curate.registries.EXPORTERS`;
`curate.export.writer` writes them all."""
