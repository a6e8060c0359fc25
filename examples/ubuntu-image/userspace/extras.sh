#!/bin/sh
set -e

# Packages listed in a file the script reads at run time (split into words on purpose).
# shellcheck disable=SC2046
apt-get install -y $(cat /tmp/extra-packages.txt)
xargs -a /tmp/more-packages.txt apt-get install -y

wget -q https://example.com/pool/libjson-c2_0.11-4ubuntu2.6_arm64.deb -O /tmp/libjson-c2.deb
dpkg -i /tmp/libjson-c2.deb
sudo -E bash -c "apt-get install -y avahi-daemon"
