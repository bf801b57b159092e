#!/usr/bin/env python3
"""Audit the body text of a PDF page against clreq rules, reading it with MuPDF (mutool stext).
It assumes the 对开 broadsheet grid of layouts/broadsheet.json (8 columns, margins 15.8 mm).

Usage: audit.py FILE.pdf [BODY_SIZE_PT] [COLUMNS]
Counts, over body-size lines only: lines starting with closing/pause punctuation, lines ending
with opening punctuation, paragraph last lines of one character (孤字), loose lines (a gap between
two characters wider than 1/4 em beyond their advance), distinct baselines across columns and
lines off the first column's grid, numbers parted from their measure word at a line end.
"""
import re, subprocess, sys, html
from collections import defaultdict

pdf = sys.argv[1]
args = [a for a in sys.argv[1:] if not a.startswith("-")]
size = float(args[1]) if len(args) > 1 else 9.5
xml = subprocess.run(["mutool", "draw", "-F", "stext", "-o", "-", pdf, "1"],
                     capture_output=True, text=True).stdout
chars = []
cur_size = None
for line in xml.splitlines():
    m = re.search(r'<font name="[^"]*" size="([\d.]+)"', line)
    if m:
        cur_size = float(m.group(1))
    m = re.search(r'<char quad="([^"]+)" x="([\d.]+)" y="([\d.]+)".* c="([^"]*)"', line)
    if m and cur_size and abs(cur_size - size) < 0.05:
        q = [float(v) for v in m.group(1).split()]
        c = html.unescape(m.group(4))
        chars.append((float(m.group(3)), q[0], q[2], c))

# group into lines: same baseline, same column of the 对开 8-column grid (margins 15.8 mm, gutter 3.35 mm)
MM = 72 / 25.4
left, gutter, ncols = 15.8 * MM, 3.35 * MM, 8
colw = (350 * MM - 2 * left - (ncols - 1) * gutter) / ncols
rows = defaultdict(list)
for y, x0, x1, c in chars:
    col = int(((x0 + x1) / 2 - left + gutter / 2) // (colw + gutter))
    rows[(round(y, 1), col)].append((x0, x1, c))
lines = [(y, sorted(cs)) for (y, col), cs in rows.items()]

OPEN = set("（《“「『【〔‘")
CLOSE = set("，。、；：？！）》”」』】〕’…—")
MEASURE = set("个元辆名家人位件次年月日岁米吨台项户亩万亿多所条期座")
col_w = colw
starts = [l for l in lines if l[1][0][2] in CLOSE]
ends = [l for l in lines if l[1][-1][2] in OPEN]
loose = []
for y, run in lines:
    full = run[-1][1] - run[0][0] > col_w - 0.6 * size
    if not full:
        continue
    for a, b in zip(run, run[1:]):
        if b[0] - a[1] > 0.25 * size + 0.01:
            loose.append((y, "".join(c for _, _, c in run))); break
short = [l for l in lines if len([c for _, _, c in l[1] if c not in CLOSE]) <= 1]
parted = [l for l in lines if l[1][-1][2].isdigit()]
# grid: baselines of every column measured against the first column's pitch
ys = sorted({y for y, _ in lines})
first_col_x = min(r[0][0] for _, r in lines)
col1 = sorted(y for y, r in lines if abs(r[0][0] - first_col_x) < 3 * size)
pitch = min(b - a for a, b in zip(col1, col1[1:]) if b - a > 0.5) if len(col1) > 1 else 0
off = [y for y in ys if pitch and abs(((y - col1[0]) / pitch) - round((y - col1[0]) / pitch)) * pitch > 0.3]
print(f"{pdf}: {len(lines)} lines at {size} pt, column ~{col_w:.1f} pt, pitch {pitch:.2f} pt")
print(f"  line starts with closing/pause mark: {len(starts)}")
print(f"  line ends with opening mark:         {len(ends)}")
print(f"  one-character lines (孤字):           {len(short)}")
print(f"  loose full lines (gap > 1/4 em):     {len(loose)}")
print(f"  line ends in a digit (number parted?): {len(parted)}")
print(f"  distinct baselines on the page:      {len(ys)}; off the grid: {len(off)}")
if "-v" in sys.argv:
    for name, ls in [("starts", starts), ("ends", ends), ("short", short), ("parted", parted)]:
        for y, r in ls:
            print(f"  {name} y={y}: {''.join(c for _, _, c in r)}")
    for y, t in loose:
        print(f"  loose y={y}: {t}")
hist = {0.1: 0, 0.15: 0, 0.25: 0, 0.5: 0}
for y, run in lines:
    if run[-1][1] - run[0][0] <= col_w - 0.6 * size:
        continue
    g = max((b[0] - a[1] for a, b in zip(run, run[1:])), default=0) / size
    for t in hist:
        if g > t:
            hist[t] += 1
print("  full lines whose largest gap exceeds (em):", ", ".join(f">{t}: {n}" for t, n in hist.items()))
