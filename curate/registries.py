"""Every registry of components: a name -> 'module:attribute', plus installed plugins.

Adding a built-in stage, ingestor, exporter or recognizer is one line here; a package
outside the repo adds one through the entry point group named beside each table.
Nothing here imports a component: `config` validates names against these tables.
"""

from __future__ import annotations

from curate.registry import Registry

INGESTORS = Registry(
    "ingestor",
    {
        "pairs": "curate.ingest.pairs:PairsIngestor",
        "emails": "curate.ingest.emails:EmailIngestor",
        "tickets": "curate.ingest.tickets:TicketIngestor",
        "contracts": "curate.ingest.contracts:ContractIngestor",
    },
    group="curate.ingestors",
)

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
    group="curate.stages",
    plugins_before="split",
)
"""Pipeline order; plugin stages run just before `split`, in entry-point name order."""

EXPORTERS = Registry(
    "export format",
    {
        "openai": "curate.export.openai:OpenAIChat",
        "trl": "curate.export.trl:TRLMessages",
        "trl_prompt_completion": "curate.export.trl:TRLPromptCompletion",
        "axolotl": "curate.export.axolotl:AxolotlChatTemplate",
        "llamafactory_alpaca": "curate.export.llamafactory:LlamaFactoryAlpaca",
        "llamafactory_sharegpt": "curate.export.llamafactory:LlamaFactorySharegpt",
        "alpaca": "curate.export.alpaca:Alpaca",
        "sharegpt": "curate.export.sharegpt:ShareGPT",
        "gemini": "curate.export.gemini:Gemini",
        "bedrock_claude": "curate.export.bedrock:BedrockClaude",
        "bedrock_nova": "curate.export.bedrock:BedrockNova",
    },
    group="curate.exporters",
)

RECOGNIZERS = Registry(
    "PII recognizer",
    {
        "curate": "curate.pii.recognizers:builtin_recognizers",
        "phone": "curate.pii.phone:phone_recognizers",
    },
    group="curate.recognizers",
)
"""Zero-argument callables returning presidio recognizers (one, or a list), added to
presidio's defaults in this order, before the redact config's `extra_patterns`."""
