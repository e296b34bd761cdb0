"""Stages in pipeline order: one module each, one line here."""

from curate.registry import Registry

STAGES = Registry(
    "stage",
    {
        "redact": "curate.stages.redact:RedactStage",
        "quality": "curate.stages.quality:QualityStage",
        "dedup": "curate.stages.dedup:DedupStage",
        "labels": "curate.stages.labels:LabelStage",
        "review": "curate.stages.review:ReviewStage",
        "audit": "curate.stages.audit:AuditStage",
        "split": "curate.stages.split:SplitStage",
    },
)
