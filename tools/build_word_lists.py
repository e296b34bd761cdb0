"""Build curate/data/english_words.txt and proper_nouns.txt (SCOWL en_US),
first_names_world.txt (Faker) and countries.txt (phonenumbers); with `--surname-words`,
surnames_common.txt (the census surnames that are common words, from the `names` package's
folder). Run by hand when a list changes; nothing runs it at run time.

usage: build_word_lists.py FAKER_SITE EN_US_DIC DATA_DIR   (en_US.aff beside en_US.dic)
       build_word_lists.py --surname-words NAMES_PACKAGE_DIR DATA_DIR

The English words are the dictionary's stems with every form its affix rules make (`quest` ->
`request`, `quick` -> `quickly`): the lines of en_US.dic alone miss most common words.
"""
import importlib, pkgutil, sys
from importlib import resources
from pathlib import Path
import phonenumbers, regex, textstat
from phonenumbers.geodata.locale import LOCALE_DATA
from spacy.lang.en.stop_words import STOP_WORDS
EASY = set((resources.files(textstat) / 'resources' / 'en' / 'easy_words.txt').read_text().lower().split())


def surname_words(names_dir: str, data: str) -> None:
    """surnames_common.txt: what surnames.txt leaves out of the same 20,000 census surnames for
    being a common word (Dale-Chall easy words, spaCy's stop words), 3 letters or more."""
    ranked = [line.split()[0].lower() for line in open(f'{names_dir}/dist.all.last') if line.strip()]
    words = sorted({w for w in ranked[:20000] if len(w) >= 3 and (w in EASY or w in STOP_WORDS)})
    with open(f'{data}/surnames_common.txt', 'w') as out:
        out.write("""# Surnames that are common English words (`Brown`, `Wood`, `Stone`), lower case, one a line:
# the US Census Bureau 1990 name frequency files (public domain) as shipped in the PyPI package
# `names` 0.3.0 (MIT licence), the 20,000 most frequent of dist.all.last that surnames.txt
# leaves out for being textstat's Dale-Chall easy words or spaCy's stop words, 3 letters or
# more. A name only where a person cue stands by it (`curate.pii.word_surnames`).
""")
        out.write("\n".join(words) + "\n")


if sys.argv[1] == '--surname-words':
    surname_words(*sys.argv[2:4])
    sys.exit()
site, dic, data = sys.argv[1:4]
sys.path.insert(0, site)
import faker
import faker.providers.person as P
ATTRS = ('first_names', 'first_names_male', 'first_names_female', 'first_names_nonbinary',
         'first_romanized_names', 'first_romanized_names_male', 'first_romanized_names_female')


def affix_rules(aff: str) -> dict[str, tuple[bool, bool, list[tuple[str, str, regex.Pattern]]]]:
    """Flag -> (prefix?, combines with the other side?, [(strip, add, condition)]) of a Hunspell .aff."""
    rules: dict[str, tuple[bool, bool, list]] = {}
    for line in Path(aff).read_text(encoding='utf-8').splitlines():
        p = line.split()
        if len(p) == 4 and p[0] in ('PFX', 'SFX') and p[3].isdigit():
            rules[p[1]] = (p[0] == 'PFX', p[2] == 'Y', [])
        elif len(p) >= 5 and p[0] in ('PFX', 'SFX'):
            cond = f'^(?:{p[4]})' if p[0] == 'PFX' else f'(?:{p[4]})$'
            strip, add = ('' if a == '0' else a for a in (p[2], p[3].split('/')[0]))
            rules[p[1]][2].append((strip, add, regex.compile(cond)))
    return rules


def forms(stem: str, flags: str, rules: dict) -> set[str]:
    """`stem` and every form its flags make: suffixes, prefixes, and both where both combine."""
    out, suffixed = {stem}, []
    for f in (f for f in flags if f in rules and not rules[f][0]):
        for strip, add, cond in rules[f][2]:
            if cond.search(stem) and stem.endswith(strip):
                out.add(stem[:len(stem) - len(strip)] + add)
                suffixed.append((rules[f][1], stem[:len(stem) - len(strip)] + add))
    for f in (f for f in flags if f in rules and rules[f][0]):
        # a prefix goes on the stem, and on a suffixed form where both rules say they combine
        bases = [stem, *(w for cross, w in suffixed if cross and rules[f][1])]
        for strip, add, cond in rules[f][2]:
            if cond.search(stem) and stem.startswith(strip):
                out |= {add + w[len(strip):] for w in bases}
    return out


INFLECTIONS = 'SDGM'  # en_US.aff's plural, past, -ing and possessive flags
rules = affix_rules(dic.removesuffix('.dic') + '.aff')
census = {w for f in ('first_names.txt', 'surnames.txt')
          for w in open(f'{data}/{f}').read().split('\n') if w and not w.startswith('#')}
lower, caps = set(), set()
for line in open(dic, encoding='utf-8').read().split('\n')[1:]:
    w, _, flags = line.partition('/')
    if regex.fullmatch(r"\p{Ll}[\p{Ll}'\-]*", w):
        # a derived form (a prefix, or a suffix other than an inflection) that the census name
        # lists hold is a name first (`palmer`); the stem and its inflections stay (`numbers`)
        inflected = forms(w, ''.join(f for f in flags if f in INFLECTIONS), rules)
        lower |= inflected | (forms(w, flags, rules) - census)
    elif w:
        caps.add(w.lower())
with open(f'{data}/english_words.txt', 'w') as out:
    out.write("""# English words, lower case, one a line: the lower-case entries of the en_US Hunspell
# dictionary from SCOWL (Copyright 2000-2011 Kevin Atkinson; permission to use, copy, modify,
# distribute and sell granted provided the copyright and permission notices appear, see
# /usr/share/doc/hunspell-en-us/copyright in Debian's hunspell-en-us 2020.12.07), expanded by
# its affix rules (en_US.aff: every prefixed, suffixed and inflected form of a stem); a form made
# by a prefix or a derivational suffix that first_names.txt or surnames.txt holds is left out
# (the stem and its plural, past, -ing and possessive forms stay); proper nouns (capitalised
# entries) are left out.
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
world = sorted({n for n in names if regex.fullmatch(r'\p{Latin}[\p{Latin}\p{M}\'\-]+', n)}
               - lower - EASY - STOP_WORDS - census)
with open(f'{data}/first_names_world.txt', 'w') as out:
    out.write(f"""# First names from around the world, lower case, one a line: the first-name lists of the
# person providers of the PyPI package `faker` {faker.VERSION} (MIT licence), Latin script only;
# names that are lower-case English words of the en_US Hunspell dictionary (SCOWL, see
# english_words.txt) or proper nouns there (places, brands: `Texas`) that fewer than 3 locales
# list, textstat's Dale-Chall easy words, spaCy's English stop words, already in
# first_names.txt / surnames.txt, or shorter than 3 letters are left out.
""")
    out.write("\n".join(n for n in world if len(n) >= 3) + "\n")

with open(f'{data}/countries.txt', 'w') as out:
    out.write(f"""# Countries and territories, lower case, one a line: the English region names of the PyPI
# package `phonenumbers` {phonenumbers.__version__} (Apache 2.0 licence; presidio-analyzer's dependency),
# `phonenumbers.geodata.locale.LOCALE_DATA[code]["aa"]` for every region code.
""")
    out.write("\n".join(sorted({v["aa"].lower() for v in LOCALE_DATA.values() if v.get("aa")})) + "\n")
