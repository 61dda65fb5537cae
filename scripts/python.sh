#!/usr/bin/env bash
# Prints the path of a Python 3.12+ interpreter, or explains why there is none.
# Looks at $VINCULO_PYTHON, then python3.14 … python3.12 and python3 on PATH, then pyenv.
set -u
ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; }
candidates=()
[ -n "${VINCULO_PYTHON:-}" ] && candidates+=("$VINCULO_PYTHON")
for v in 3.14 3.13 3.12; do
  p=$(command -v "python$v" 2>/dev/null) && candidates+=("$p")
done
p=$(command -v python3 2>/dev/null) && candidates+=("$p")
if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root)
  for d in $(ls -d "$root"/versions/3.1[2-9]* 2>/dev/null | sort -rV); do
    candidates+=("$d/bin/python")
  done
fi
for c in "${candidates[@]}"; do
  # pyenv shims may exist for versions that are not selected; ask the interpreter itself.
  if ok "$c"; then
    "$c" -c 'import sys; print(sys.executable)'
    exit 0
  fi
done
echo "Vínculo needs Python 3.12 or newer (Django 6), and none was found." >&2
echo "Tried: ${candidates[*]:-nothing on PATH}." >&2
echo "Install one (e.g. 'apt-get install python3.12' or 'pyenv install 3.12') or set VINCULO_PYTHON=/path/to/python3.12." >&2
exit 1
