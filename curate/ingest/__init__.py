"""Ingestors: one module each, one line here."""

from curate.registry import Registry

INGESTORS = Registry(
    "ingestor",
    {
        "pairs": "curate.ingest.pairs:PairsIngestor",
        "emails": "curate.ingest.emails:EmailIngestor",
        "tickets": "curate.ingest.tickets:TicketIngestor",
        "contracts": "curate.ingest.contracts:ContractIngestor",
    },
)
