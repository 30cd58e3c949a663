#!/bin/sh
# Re-records tests/js/*.expected.json: runs the case files on real Node (20.x) with npm jsonwebtoken 9.0.3,
# the clock pinned to 1700000000 for the jsonwebtoken cases. Needs node and npm; not part of `cargo test`.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --silent --no-audit --no-fund jsonwebtoken@9.0.3
node -e '
  const jwt = require("jsonwebtoken");
  const crypto = require("crypto");
  const realNow = Date.now;
  Date.now = () => 1700000000 * 1000;
  const jwtCases = require(process.argv[1] + "/jwt_cases.js");
  require("fs").writeFileSync(process.argv[1] + "/jwt_cases.expected.json", JSON.stringify(jwtCases(jwt, crypto.createHmac), null, 2) + "\n");
  Date.now = realNow;
  require(process.argv[1] + "/web_cases.js")(crypto).then((results) =>
    require("fs").writeFileSync(process.argv[1] + "/web_cases.expected.json", JSON.stringify(results, null, 2) + "\n"));
' "$here"
echo "recorded with node $(node --version): $here/*.expected.json"
