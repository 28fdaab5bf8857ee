#!/usr/bin/env bash
# Regenerates the screenshots in this folder: the browser tests save every page they visit at 360 and 1280 px
# (VOUCHERS_SCREENSHOTS), against the service as `dotnet run` starts it (Development, demo data).
set -euo pipefail
cd "$(dirname "$0")/../.."
here=docs/screenshots
rm -f "$here"/*.png
VOUCHERS_SCREENSHOTS="$PWD/$here" dotnet test tests/Vouchers.Web.Tests
ls "$here"/*.png | wc -l | xargs echo "screenshots:"
