#!/bin/sh
# Side-by-side of Huaban and Typst on the seed text: same text, fonts, page and measure.
# Needs: a release build (cargo build --release), Typst through `pip install typst` (typst-py,
# which embeds the Typst compiler), poppler-utils and mupdf-tools. Not part of CI.
# Usage: tools/typst_compare/run.sh [OUTDIR]   (default target/typst_compare)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:-$root/target/typst_compare}
huaban=${HUABAN:-$root/target/release/huaban}
mkdir -p "$out"
python3 "$here/make_inputs.py" "$root/sample_edition/zhuzhou-2024-03-12.huaban" "$out"
python3 - "$out" "$root/fonts" <<'PY'
import sys, time, typst
out, fonts = sys.argv[1], sys.argv[2]
compiler = typst.Compiler(f"{out}/seed.typ", font_paths=[fonts])
compiler.compile(output=f"{out}/typst.pdf")          # warm: fonts loaded and parsed
t = time.perf_counter(); n = 5
for _ in range(n):
    compiler.compile(output=f"{out}/typst.pdf")
print(f"typst {typst.__version__}: {(time.perf_counter() - t) / n * 1000:.0f} ms per compile (warm, in process)")
PY
t0=$(date +%s.%N)
"$huaban" typeset --text "$out/seed.txt" --template broadsheet --out "$out/huaban.pdf" >/dev/null
t1=$(date +%s.%N)
echo "huaban typeset: $(echo "($t1 - $t0) * 1000" | bc | cut -d. -f1) ms for the whole process (cold: fonts loaded, composed, PDF written)"
ls -l "$out/typst.pdf" "$out/huaban.pdf" | awk '{print $5, $NF}'
for f in typst huaban; do
  python3 "$here/clreq_audit.py" "$out/$f.pdf" -v > "$out/$f.audit.txt"
  head -9 "$out/$f.audit.txt"
  pdftoppm -png -r 150 "$out/$f.pdf" "$out/$f"
done
