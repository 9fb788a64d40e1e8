"""Evidence photos without metadata: a phone photo carries EXIF (the GPS position of a house, the phone's
serial, the time) and often XMP or comments; none of it is needed to prove an action, so a photo is stored
re-encoded from its pixels only."""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps

# Pillow's names for the formats evidence accepts (see pokjanal.actions._SIGNATURES).
_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}


class UnreadablePhoto(ValueError):
    """The bytes look like a photo by their signature but do not decode as one."""


def without_metadata(data: bytes, content_type: str) -> bytes:
    """The photo re-encoded in its own format with the same pixels (turned upright as its EXIF orientation
    says, since the orientation tag goes with the rest) and no EXIF, XMP, ICC, text chunks or comments.
    Only the first frame of an animated image is kept. Raises UnreadablePhoto when it does not decode,
    including an image so large it would be a decompression bomb."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as opened:
                upright = ImageOps.exif_transpose(opened) or opened
                upright.load()
                # A new image from the pixels alone: nothing of the original's info dict can be written.
                clean = Image.new(upright.mode, upright.size)
                clean.paste(upright)
                if upright.mode == "P":
                    clean.putpalette(upright.getpalette() or [])
                # A transparent colour is part of the picture, not metadata.
                transparency = upright.info.get("transparency")
    except (
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombWarning,
        Image.DecompressionBombError,
    ) as e:
        raise UnreadablePhoto(str(e)) from e
    out = io.BytesIO()
    if content_type == "image/jpeg":
        clean.save(out, "JPEG", quality=90)
    elif transparency is not None and content_type == "image/png":
        clean.save(out, "PNG", transparency=transparency)
    else:
        clean.save(out, _FORMATS[content_type])
    return out.getvalue()
