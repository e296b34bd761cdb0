"""spaCy NER once per distinct paragraph of a batch.

A text is cut after each blank line (the blank line's white space ends the paragraph before
it, so the pieces join back into the text). NER runs on the pieces not read yet (`nlp.pipe`),
and each text's Doc is rebuilt from its pieces' Docs (`Doc.from_docs`, no white space added),
so `doc.text == text` and character offsets hold. A paragraph repeated in the batch (a quoted
reply, an issue template, a signature) is read once, and the re-scan of a masked text finds the
paragraphs masking did not touch already read. The Docs are kept for the batch only
(`forget`), at most MAX_KEPT of them.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import TYPE_CHECKING

import regex

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# A blank line and the white space after it, before more text.
BOUNDARY = regex.compile(r"\n[^\S\n]*\n\s*(?=\S)")
MAX_KEPT = 4096

_kept: OrderedDict[str, Doc] = OrderedDict()


def paragraphs(text: str) -> list[str]:
    """`text` cut after each blank line (with the white space that follows it); the pieces
    join back into `text`."""
    return [text[a:b] for a, b in paragraph_bounds(text)]


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """Character ranges of `text`'s paragraphs (`paragraphs`)."""
    cuts = [m.end() for m in BOUNDARY.finditer(text)]
    return list(zip([0, *cuts], [*cuts, len(text)], strict=True))


def ner_docs(nlp: Language, texts: Sequence[str], batch_size: int) -> list[Doc]:
    """One Doc per text, NER run once per distinct paragraph not read yet in this batch."""
    from spacy.tokens import Doc

    pieces = [paragraphs(text) for text in texts]
    todo = [p for p in dict.fromkeys(p for ps in pieces for p in ps) if p not in _kept]
    for piece, doc in zip(todo, nlp.pipe(todo, batch_size=batch_size), strict=True):
        _kept[piece] = doc
    docs = []
    for ps in pieces:
        for piece in ps:
            _kept.move_to_end(piece)
        found = [_kept[piece] for piece in ps]
        docs.append(found[0] if len(found) == 1 else Doc.from_docs(found, ensure_whitespace=False))
    while len(_kept) > MAX_KEPT:
        _kept.popitem(last=False)
    return docs


def forget() -> None:
    """Drop the paragraphs kept for the batch (a worker holds no text between batches)."""
    _kept.clear()
