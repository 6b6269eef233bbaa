#!/usr/bin/env python3
"""Seeded synthetic FR/EN chat corpus with injected indicator phrases.

    python bench/corpus.py --messages 100000 --out-dir bench/data

writes, for N messages (same seed and size: byte-identical files):

  <name>.jsonl          {"ts", "conv", "author", "text"} per line (UTF-8, raw)
  <name>.txt            the same messages as a WhatsApp (Android) export
  <name>.markers.jsonl  ground truth, one line per injected indicator phrase:
                        {"i": message index, "line": 1-based line, "family",
                        "phrase", "variant", "as"}

Ordinary messages are short chat lines (typos, elongations, emoji, mentions,
numbers, URLs). About ``--marker-rate`` of them carry one indicator phrase
from the families cocoscan's packs cover (grooming, prostitution, ambush,
sextortion, laundering), spelled plainly or obfuscated (accents stripped,
leet, elongated, upper case, split letters, zero-width characters,
Cyrillic look-alikes, one typo). Phrases are synthetic and non-explicit.
Standard library only, so that anyone can regenerate the corpus.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import unicodedata

FR_WORDS = """
je tu il elle on nous vous c'est j'ai t'as pas de la le les un une des et mais
ou donc que qui quoi comment pourquoi quand où oui non ouais bah bon ben alors
trop très vraiment grave genre juste aussi encore déjà toujours jamais rien
tout beaucoup ce ça ici là demain aujourd'hui hier soir matin semaine faire
aller venir voir dire savoir vouloir manger dormir jouer regarder écouter
parler travailler finir cours prof devoirs contrôle exam maths français
histoire sport foot match série film musique jeu partie serveur pote copain
frère sœur famille maison voiture bus train métro resto café pizza kebab temps
pluie soleil froid chaud fatigué content triste énervé drôle nul génial cool
stylé chelou relou mdr ptdr lol jsp tkt bcp stp merci désolé salut coucou wesh
bisous attends regarde écoute est suis sont était avoir être fait vu dit mon
ma mes ton ta avec sans pour par dans sur chez après avant pendant depuis si
comme plus moins bien mal mieux vite tard tôt heure minutes jour mois truc
chose gens mec gars wallah vrai faux ok d'accord franchement sérieux mort ouf
dingue incroyable beau belle petit grand nouveau lundi mardi mercredi jeudi
vendredi samedi dimanche vacances anniversaire soirée fête appel
""".split()

EN_WORDS = """
i you he she we they it's i'm don't can't the a an and but or so what why how
when where yes no yeah nah ok okay lol lmao omg idk tbh ngl brb btw really
very just also still already never always nothing everything today tomorrow
tonight yesterday morning night week weekend go come see say know want eat
sleep play watch listen talk work finish start class teacher homework test
exam math history game match show movie music server friend bro sis family
house room car bus train food pizza burger weather rain sun cold hot tired
happy sad funny boring awesome cool weird thanks sorry hi hey hello bye wait
look tell do make take let is am are was were be have has had did said got
get my your his her our their with for by in on at from to of about after
before if like more less good bad better fast late early hour day month year
time thing people guy guys dude true sure fine literally actually honestly
crazy amazing little big new old first last party stream clip ranked lobby
""".split()

#: Everyday words that packs may use as keywords: present, as in real chats.
COMMON_FR = "photo numéro parents seul snap insta compte argent vidéo cadeau".split()
COMMON_EN = "photo number parents alone snap insta account money video gift".split()

EMOJIS = "😂 🤣 ❤️ 👍 🙏 😭 😅 🔥 💀 😍 🥺 😎 🤔 🙄 👀 ✨ 💯 🎉".split()
FIRST = """lucas emma léo chloé hugo inès louis jade nathan léa tom manon enzo
camille noah sarah jules lina adam zoé gabriel alice arthur louise ethan mila
sacha lou nolan ambre théo julia paul eva liam mia jack olivia harry ava""".split()
SUFFIX = ["", "_", ".", "x", "_off", "du93", "_75", "69", "2010", "_fr", "tv", "07"]

#: (family, phrase): synthetic indicator phrases, one per indicator of
#: ../shared/research/detection.md that a pack is expected to cover.
MARKERS: tuple[tuple[str, str], ...] = (
    ("grooming", "tu as quel âge"),
    ("grooming", "t'as quel age"),
    ("grooming", "how old are you"),
    ("grooming", "t'es en quelle classe"),
    ("grooming", "c'est notre secret"),
    ("grooming", "ne dis rien à tes parents"),
    ("grooming", "don't tell your parents"),
    ("grooming", "keep this between us"),
    ("grooming", "efface la conversation"),
    ("grooming", "delete this chat"),
    ("grooming", "ajoute moi sur snap"),
    ("grooming", "add me on snapchat"),
    ("grooming", "t'es seule chez toi"),
    ("grooming", "are you home alone"),
    ("grooming", "envoie une photo de toi"),
    ("grooming", "send me a pic"),
    ("grooming", "allume ta cam"),
    ("grooming", "turn on your camera"),
    ("grooming", "viens seule au parc"),
    ("grooming", "come alone"),
    ("grooming", "je t'offre des robux"),
    ("prostitution", "argent facile"),
    ("prostitution", "easy money"),
    ("prostitution", "c'est combien la nuit"),
    ("prostitution", "je t'envoie l'adresse de l'hôtel"),
    ("ambush", "viens seul sur le parking"),
    ("ambush", "ramène ta carte bleue"),
    ("ambush", "on le chope ce soir"),
    ("sextortion", "je vais envoyer la vidéo à tes potes"),
    ("sextortion", "i'll send it to all your friends"),
    ("sextortion", "t'as 24h pour payer"),
    ("sextortion", "pay or i post"),
    ("sextortion", "j'ai enregistré l'appel"),
    ("laundering", "prête moi ton compte bancaire"),
    ("laundering", "lend me your bank account"),
    ("laundering", "envoie ton rib"),
)
LEET = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7"}
LOOKALIKE = {"a": "а", "e": "е", "o": "о", "c": "с", "p": "р"}  # Cyrillic
#: Variant -> cumulative probability; typos (fuzzy only) are kept rare.
VARIANTS = (
    ("plain", 0.40),
    ("noaccent", 0.52),
    ("leet", 0.64),
    ("elongated", 0.74),
    ("upper", 0.82),
    ("split", 0.88),
    ("zerowidth", 0.93),
    ("lookalike", 0.97),
    ("typo", 1.0),
)


def _zipf_cum(n: int, s: float = 1.05) -> list[float]:
    acc, out = 0.0, []
    for r in range(1, n + 1):
        acc += 1.0 / (r**s)
        out.append(acc)
    return out


class Generator:
    """All randomness comes from one seeded ``random.Random``."""

    def __init__(self, seed: int) -> None:
        self.r = r = random.Random(seed)
        self.fr, self.en = FR_WORDS[:], EN_WORDS[:]
        r.shuffle(self.fr)
        r.shuffle(self.en)
        self.fr_cum, self.en_cum = _zipf_cum(len(self.fr)), _zipf_cum(len(self.en))
        self.users = [
            r.choice(FIRST) + r.choice(SUFFIX) + str(r.randrange(100))
            for _ in range(4000)
        ]
        self.user_cum = _zipf_cum(len(self.users), 0.8)
        self.convs = [f"conv-{i:05d}" for i in range(2500)]
        self.conv_cum = _zipf_cum(len(self.convs), 0.9)
        self.lang = [("fr" if r.random() < 0.7 else "en") for _ in self.convs]

    def typo(self, w: str) -> str:
        r = self.r
        i = r.randrange(len(w))
        k = r.randrange(3)
        if k == 0:
            return w[:i] + w[i + 1 :]
        if k == 1:
            return w[:i] + w[i] + w[i:]
        return w[:i] + r.choice("abcdefghijklmnopqrstuvwxyz") + w[i + 1 :]

    def elongate(self, w: str) -> str:
        i = self.r.randrange(len(w))
        return w[: i + 1] + w[i] * self.r.randrange(2, 6) + w[i + 1 :]

    def text(self, lang: str) -> str:
        r = self.r
        n = min(30, 4 + int(r.expovariate(1 / 6.0)))
        if lang == "fr":
            words = r.choices(self.fr, cum_weights=self.fr_cum, k=n)
        else:
            words = r.choices(self.en, cum_weights=self.en_cum, k=n)
        if r.random() < 0.03:
            common = COMMON_FR if lang == "fr" else COMMON_EN
            words.insert(r.randrange(len(words) + 1), r.choice(common))
        out = []
        for w in words:
            x = r.random()
            if x < 0.05 and len(w) > 2:
                w = self.typo(w)
            elif x < 0.07:
                w = self.elongate(w)
            elif x < 0.08:
                w = w.upper()
            elif x < 0.085:
                w = "@" + r.choice(self.users)
            elif x < 0.095:
                w = str(r.randrange(1000)) if r.random() < 0.5 else f"{r.randrange(24)}h"
            out.append(w)
        x = r.random()
        if x < 0.004:
            out.append(f"https://example.org/v/{r.getrandbits(32):x}")
        elif x < 0.006:
            out.append("06 01 02 %02d %02d" % (r.randrange(100), r.randrange(100)))
        if r.random() < 0.15:
            out.append(r.choice(EMOJIS) * r.randrange(1, 4))
        s = " ".join(out)
        if r.random() < 0.2:
            s += r.choice(["?", "??", "!", "!!!", "...", " ?"])
        if r.random() < 0.2:
            s = s[:1].upper() + s[1:]
        return s

    def variant(self, phrase: str) -> tuple[str, str]:
        r = self.r
        x = r.random()
        kind = next(name for name, p in VARIANTS if x < p)
        words = phrase.split()
        longest = max(range(len(words)), key=lambda j: len(words[j]))
        if kind == "plain":
            return phrase, kind
        if kind == "noaccent":
            decomposed = unicodedata.normalize("NFKD", phrase)
            return "".join(c for c in decomposed if not unicodedata.combining(c)), kind
        if kind == "leet":
            return "".join(
                LEET.get(c, c) if r.random() < 0.6 else c for c in phrase
            ), kind
        if kind == "elongated":
            words[longest] = self.elongate(words[longest])
        elif kind == "upper":
            return phrase.upper(), kind
        elif kind == "split":
            w = words[longest]
            words[longest] = ".".join(w) if w.isalpha() else w
        elif kind == "zerowidth":
            w = words[longest]
            i = 1 + r.randrange(max(1, len(w) - 1))
            words[longest] = w[:i] + "\u200b" + w[i:]
        elif kind == "lookalike":
            words[longest] = "".join(LOOKALIKE.get(c, c) for c in words[longest])
        else:  # typo in the longest word: only fuzzy matching recovers it
            words[longest] = self.typo(words[longest])
        return " ".join(words), kind


def main(argv: list[str] | None = None) -> None:
    """Write the corpus files and print their sizes."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--messages", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=20250101)
    ap.add_argument("--marker-rate", type=float, default=0.002)
    ap.add_argument(
        "--out-dir", default=os.path.join(os.path.dirname(__file__), "data")
    )
    ap.add_argument("--name", default=None, help="basename (default coco_<N>)")
    ap.add_argument("--formats", default="jsonl,txt")
    a = ap.parse_args(argv)
    os.makedirs(a.out_dir, exist_ok=True)
    name = a.name or f"coco_{a.messages}"
    fmts = set(a.formats.split(","))
    g = Generator(a.seed)
    r = g.r
    when = dt.datetime(2024, 3, 1, 8, 0, 0)
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

    def out(ext: str) -> str:
        return os.path.join(a.out_dir, name + ext)

    fj = open(out(".jsonl"), "w", encoding="utf-8", newline="\n") if "jsonl" in fmts else None  # noqa: SIM115
    ft = open(out(".txt"), "w", encoding="utf-8", newline="\n") if "txt" in fmts else None  # noqa: SIM115
    n_mark = 0
    with open(out(".markers.jsonl"), "w", encoding="utf-8", newline="\n") as fm:
        for i in range(a.messages):
            when += dt.timedelta(seconds=r.randrange(1, 90))
            ci = r.choices(range(len(g.convs)), cum_weights=g.conv_cum)[0]
            author = r.choices(g.users, cum_weights=g.user_cum)[0]
            text = g.text(g.lang[ci])
            if r.random() < a.marker_rate:
                family, phrase = r.choice(MARKERS)
                shown, kind = g.variant(phrase)
                words = text.split(" ")
                p = r.randrange(len(words) + 1)
                text = " ".join([*words[:p], shown, *words[p:]])
                record = {
                    "i": i,
                    "line": i + 1,
                    "family": family,
                    "phrase": phrase,
                    "variant": kind,
                    "as": shown,
                }
                fm.write(dumps(record) + "\n")
                n_mark += 1
            if fj:
                stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
                row = {"ts": stamp, "conv": g.convs[ci], "author": author, "text": text}
                fj.write(dumps(row) + "\n")
            if ft:
                ft.write(f"{when:%d/%m/%Y, %H:%M} - {author}: {text}\n")
    for f in (fj, ft):
        if f:
            f.close()
    for ext in (".jsonl", ".txt"):
        if ext[1:] in fmts:
            print(f"{out(ext)} {os.path.getsize(out(ext))} bytes")
    print(f"messages={a.messages} markers={n_mark}")


if __name__ == "__main__":
    main()
