#!/usr/bin/env bash
set -euo pipefail

UBUNTU_BASE_URL="https://cdimage.ubuntu.com/ubuntu-base/releases/24.04/release"
UBUNTU_FILE="ubuntu-base-24.04.3-base-arm64.tar.gz"
OUTPUT_DIR="$(pwd)/output"

mkdir -p "$OUTPUT_DIR"
if [ ! -f "$UBUNTU_FILE" ]; then
  curl -fsSL -o "$UBUNTU_FILE" "$UBUNTU_BASE_URL/$UBUNTU_FILE"
fi

docker buildx build --load -f Dockerfile.image -t image-builder . \
  --build-arg UBUNTU_BASE_IMAGE="$UBUNTU_FILE" --platform=linux/arm64
