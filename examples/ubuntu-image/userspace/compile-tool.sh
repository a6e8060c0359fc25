#!/bin/bash
set -e
apt-get install -y --no-install-recommends git libssl-dev
git clone --depth 1 https://example.com/tool.git /tmp/tool
make -C /tmp/tool
