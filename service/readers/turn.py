"""Turning a scanned page by its skew (xoay trang theo độ nghiêng) with OpenCV.

The turn is PIL's `image.rotate(angle, resample=BILINEAR, expand=True, fillcolor=255)` (the same
output size, the same inverse map from output pixels to the page), done by `cv2.warpAffine`: 22
against 105 ms for a 300 dpi A4 page, the pixels within one grey level of PIL's (OpenCV weighs the
four neighbours in 32nds of a pixel). Imported only when a page needs turning, by the worker that turns
it (0.1-0.2 s once per worker), not preloaded in the reader pool's fork server: every worker would then
carry OpenCV's memory against its limit.
"""

from __future__ import annotations

import math
import os

# numpy's OpenBLAS reserves working memory for each core when it is imported (190 MB of address
# space on this machine), counted against a reader worker's RLIMIT_AS and never used here; a worker
# reads one page at a time, the pool's workers are the parallelism.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import cv2
import numpy as np
from PIL import Image

cv2.setNumThreads(1)  # likewise: threads of its own would only compete with the other worker

Matrix = tuple[float, float, float, float, float, float]


def rotate_matrix(size: tuple[int, int], angle: float) -> tuple[tuple[int, int], Matrix]:
    """The output size and the map from an output point to a page point (pixel corners at integers)
    of PIL's `Image.rotate(angle, expand=True)`, worked out as Pillow does."""
    w, h = size
    radians = -math.radians(angle % 360.0)
    a, b = round(math.cos(radians), 15), round(math.sin(radians), 15)
    d, e = -b, a
    cx, cy = w / 2, h / 2
    c = a * -cx + b * -cy + cx
    f = d * -cx + e * -cy + cy
    xs = [a * x + b * y + c for x, y in ((0, 0), (w, 0), (w, h), (0, h))]
    ys = [d * x + e * y + f for x, y in ((0, 0), (w, 0), (w, h), (0, h))]
    nw = math.ceil(max(xs)) - math.floor(min(xs))
    nh = math.ceil(max(ys)) - math.floor(min(ys))
    dx, dy = -(nw - w) / 2.0, -(nh - h) / 2.0
    c, f = a * dx + b * dy + c, d * dx + e * dy + f
    return (nw, nh), (a, b, c, d, e, f)


def turn(image: Image.Image, angle: float) -> Image.Image:
    """`image` (grey, mode L) turned `angle` degrees counter-clockwise, bilinear, on a white ground,
    grown to hold all of it."""
    if image.mode != "L":
        raise ValueError(f"turn expects a grey page, got {image.mode}")
    (width, height), (a, b, c, d, e, f) = rotate_matrix(image.size, angle)
    # PIL samples output pixel (x, y) at its centre (x + 0.5, y + 0.5) and reads the page at pixel
    # centres; OpenCV maps pixel indexes: the same map with the half-pixel shifts folded in
    inverse = np.array(
        [[a, b, c + (a + b) / 2 - 0.5], [d, e, f + (d + e) / 2 - 0.5]],
        dtype=np.float64,
    )
    turned = cv2.warpAffine(
        np.asarray(image),
        inverse,
        (width, height),
        flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=255,
    )
    return Image.fromarray(turned)
