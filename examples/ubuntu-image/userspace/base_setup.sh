#!/bin/bash -e
# Base system: users, locale, packages.

USERNAME=comma
CORE_PKGS="curl sudo wget"
EXTRA_PKGS=(
  network-manager
  iptables-persistent
  "libglib2.0-0t64"
)

dpkg --add-architecture armhf
apt-get update
apt-get install -yq $CORE_PKGS
bash -c "$(curl -sL https://git.io/vokNn)"

export DEBIAN_FRONTEND=noninteractive
apt-fast install --no-install-recommends -yq locales systemd "${EXTRA_PKGS[@]}"
apt-fast install -yq libc6:armhf libstdc++6:armhf zlib1g=1:1.3.dfsg-3.1ubuntu2

add-apt-repository -y ppa:deadsnakes/ppa
for tool in htop jq; do
  apt-get install -y "$tool"
done

useradd -G sudo -m -s /bin/bash "$USERNAME"
locale-gen en_US.UTF-8
