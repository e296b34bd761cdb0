"""Build curate/data/english_words.txt and proper_nouns.txt (SCOWL en_US) and
first_names_world.txt (Faker). Run by hand when a list changes; nothing runs it at run time.

usage: make_lists.py FAKER_SITE EN_US_DIC DATA_DIR
"""
import importlib, pkgutil, sys
from importlib import resources
import regex, textstat
from spacy.lang.en.stop_words import STOP_WORDS
site, dic, data = sys.argv[1:4]
sys.path.insert(0, site)
import faker
import faker.providers.person as P
ATTRS = ('first_names', 'first_names_male', 'first_names_female', 'first_names_nonbinary',
         'first_romanized_names', 'first_romanized_names_male', 'first_romanized_names_female')
lower, caps = set(), set()
for line in open(dic, encoding='utf-8').read().split('\n')[1:]:
    w = line.split('/')[0]
    if regex.fullmatch(r"\p{Ll}[\p{Ll}'\-]*", w):
        lower.add(w)
    elif w:
        caps.add(w.lower())
with open(f'{data}/english_words.txt', 'w') as out:
    out.write("""# English words, lower case, one a line: the lower-case entries of the en_US Hunspell
# dictionary from SCOWL (Copyright 2000-2011 Kevin Atkinson; permission to use, copy, modify,
# distribute and sell granted provided the copyright and permission notices appear, see
# /usr/share/doc/hunspell-en-us/copyright in Debian's hunspell-en-us 2020.12.07), base forms only:
# proper nouns (capitalised entries) are left out.
""")
    out.write("\n".join(sorted(lower)) + "\n")
with open(f'{data}/proper_nouns.txt', 'w') as out:
    out.write("""# English proper nouns, lower case, one a line: the capitalised entries of the en_US Hunspell
# dictionary from SCOWL (people's names, places, brands; licence as in english_words.txt).
""")
    out.write("\n".join(sorted(caps)) + "\n")
locales: dict[str, set[str]] = {}
for m in pkgutil.iter_modules(P.__path__):
    prov = getattr(importlib.import_module(f'faker.providers.person.{m.name}'), 'Provider', None)
    for attr in ATTRS:
        v = next((b.__dict__[attr] for b in (prov.__mro__ if prov else ()) if attr in b.__dict__), None)
        if v and not isinstance(v, property):
            for name in v:
                locales.setdefault(name.lower(), set()).add(m.name)
# A proper noun of the dictionary (a place, a brand: `Texas`) counts only when 3+ locales list it.
names = {n for n, where in locales.items() if n not in caps or len(where) >= 3}
easy = set((resources.files(textstat) / 'resources' / 'en' / 'easy_words.txt').read_text().lower().split())
census = {w for f in ('first_names.txt', 'surnames.txt')
          for w in open(f'{data}/{f}').read().split('\n') if w and not w.startswith('#')}
world = sorted({n for n in names if regex.fullmatch(r'\p{Latin}[\p{Latin}\p{M}\'\-]+', n)}
               - lower - easy - STOP_WORDS - census)
with open(f'{data}/first_names_world.txt', 'w') as out:
    out.write(f"""# First names from around the world, lower case, one a line: the first-name lists of the
# person providers of the PyPI package `faker` {faker.VERSION} (MIT licence), Latin script only;
# names that are lower-case English words of the en_US Hunspell dictionary (SCOWL, see
# english_words.txt) or proper nouns there (places, brands: `Texas`) that fewer than 3 locales
# list, textstat's Dale-Chall easy words, spaCy's English stop words, already in
# first_names.txt / surnames.txt, or shorter than 3 letters are left out.
""")
    out.write("\n".join(n for n in world if len(n) >= 3) + "\n")
