#!/usr/bin/env python3
"""Merge catalogue entries into assets/i18n/<lang>.json without reordering existing keys.

Input: a TSV on stdin with columns key, en, zh-Hans, zh-Hant (tabs; empty zh-Hant = derive
nothing, must be given). Used when adding a batch of UI strings in all three languages.
"""
import json, sys, pathlib, collections

root = pathlib.Path(__file__).resolve().parent.parent / "assets" / "i18n"
langs = ["en", "zh-Hans", "zh-Hant"]
rows = [l.rstrip("\n").split("\t") for l in sys.stdin if l.strip() and not l.startswith("#")]
for i, lang in enumerate(langs):
    path = root / f"{lang}.json"
    data = json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=collections.OrderedDict)
    for row in rows:
        if len(row) != 4:
            sys.exit(f"bad row: {row}")
        data[row[0]] = row[i + 1]
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
print(f"merged {len(rows)} keys")
