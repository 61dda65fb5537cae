#!/usr/bin/env bash
# Prints the path of a Python 3.12+ interpreter, or explains why there is none.
# Looks at $VINCULO_PYTHON, then python3.15 … python3.12 and python3 on PATH, then pyenv,
# then interpreters managed by uv (scripts/setup.sh installs one there on systems without 3.12).
set -u
shopt -s nullglob
ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; }
candidates=()
[ -n "${VINCULO_PYTHON:-}" ] && candidates+=("$VINCULO_PYTHON")
for v in 3.15 3.14 3.13 3.12; do
  p=$(command -v "python$v" 2>/dev/null) && candidates+=("$p")
done
p=$(command -v python3 2>/dev/null) && candidates+=("$p")
if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root)
  for d in $(printf '%s\n' "$root"/versions/3.1[2-9]* | sort -rV); do
    candidates+=("$d/bin/python")
  done
fi
if command -v uv >/dev/null 2>&1; then
  p=$(uv python find '>=3.12' 2>/dev/null) && candidates+=("$p")
fi
uv_pythons=${UV_PYTHON_INSTALL_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/uv/python}
for d in $(printf '%s\n' "$uv_pythons"/cpython-3.1[2-9]* | sort -rV); do
  candidates+=("$d/bin/python3")
done
for c in "${candidates[@]}"; do
  # pyenv shims may exist for versions that are not selected; ask the interpreter itself.
  # Inside a virtual environment, name the interpreter it was made from, so that the
  # caller can rebuild .venv even when the active one is .venv itself.
  if ok "$c"; then
    "$c" -c 'import sys; print(getattr(sys, "_base_executable", "") or sys.executable)'
    exit 0
  fi
done
echo "Vínculo needs Python 3.12 or newer (Django 6), and none was found." >&2
echo "Tried: ${candidates[*]:-nothing on PATH}." >&2
echo "Install one (e.g. 'apt-get install python3.12', 'pyenv install 3.12' or 'uv python install 3.12') or set VINCULO_PYTHON=/path/to/python3.12." >&2
exit 1
