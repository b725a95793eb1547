#!/usr/bin/env bash
# `make messages`: refresh locale/en from the source, fill it from locale-additions-*.po, compile.
# Prints the msgids still without English (exit 1 when there are some).
set -euo pipefail
shopt -s nullglob
cd "$(dirname "$0")/.."
po=locale/en/LC_MESSAGES/django.po
tmp=$(mktemp -d)
msgattrib --no-fuzzy --translated "$po" -o "$tmp/known.po"
.venv/bin/python manage.py makemessages -l en --ignore=.venv --ignore=var --ignore=tests --ignore=test-artifacts \
  --ignore=scripts >/dev/null
for f in locale-additions-*.po; do
  [ -e "$f" ] || continue
  if grep -q charset "$f"; then cp "$f" "$tmp/$f"; else
    printf 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' > "$tmp/$f"; cat "$f" >> "$tmp/$f"; fi
done
msgcat --use-first "$tmp"/*.po -o "$tmp/all.po"
msgmerge --no-fuzzy-matching -q "$tmp/all.po" "$po" -o "$tmp/merged.po"
msgattrib --no-obsolete "$tmp/merged.po" -o "$po"
.venv/bin/python manage.py compilemessages -l en --ignore=.venv >/dev/null
missing=$(msgattrib --only-fuzzy --no-wrap "$po"; msgattrib --untranslated --no-wrap "$po" | tail -n +2)
if echo "$missing" | grep -q '^msgid "[^"]'; then echo "$missing" | grep '^msgid "[^"]'; exit 1; fi
echo "English catalogue complete: $(grep -c '^msgid "[^"]' "$po") messages"
