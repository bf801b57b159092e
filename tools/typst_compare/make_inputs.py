#!/usr/bin/env python3
"""Write the same text for Huaban and Typst: the body paragraphs of the sample edition (the seed
page of 株洲日报, full-width punctuation), first line the first story's headline.

Usage: make_inputs.py EDITION.huaban OUTDIR  → OUTDIR/seed.txt (for `huaban typeset`) and
OUTDIR/seed.typ (Typst: same page 350×500 mm, margins, 8 columns, gutter 3.35 mm, Noto Serif CJK
SC 9.5 pt on a 14 pt grid, 2-em indents, justified; headline spanning the page as ours does).
"""
import json, sys, os

edition, outdir = sys.argv[1], sys.argv[2]
e = json.load(open(edition, encoding="utf-8"))
paras = []
for i, s in enumerate(e["stories"]):
    if i == 0:
        paras.append(s.get("headline", ""))
    paras += [p["text"] for p in s["paragraphs"] if p["role"] == "body"]
os.makedirs(outdir, exist_ok=True)
open(os.path.join(outdir, "seed.txt"), "w", encoding="utf-8").write("\n\n".join(paras))


def esc(s):
    for c in '\\#*_`$<>@[]~=/-+':
        s = s.replace(c, '\\' + c)
    return s


head, body = paras[0], paras[1:]
typ = f'''#set page(width: 350mm, height: 500mm, margin: (top: 30mm, bottom: 20mm, left: 15.8mm, right: 15.8mm), columns: 8)
#set columns(gutter: 3.35mm)
#set text(font: "Noto Serif CJK SC", size: 9.5pt, lang: "zh", region: "cn", top-edge: 0.88em, bottom-edge: -0.12em)
#set par(justify: true, leading: 4.5pt, spacing: 4.5pt, first-line-indent: (amount: 2em, all: true))
#place(top, scope: "parent", float: true)[#text(font: "Noto Sans CJK SC", size: 28pt, weight: "bold")[{esc(head)}]]

''' + "\n\n".join(esc(p) for p in body) + "\n"
open(os.path.join(outdir, "seed.typ"), "w", encoding="utf-8").write(typ)
print(f"{len(body)} paragraphs, {sum(len(p) for p in body)} characters")
