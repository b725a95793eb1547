"""Logo uploads: the type is decided by the content (Pillow), never by the name, and the image is re-encoded,
so what is stored is a fresh PNG without the uploader's metadata or any payload hidden in the original."""

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_FORMATS = frozenset({"PNG", "JPEG", "WEBP"})
LOGO_MAX_PIXELS = 40_000_000  # far above any logo; refuses decompression bombs before decoding
LOGO_STORED_SIZE = (800, 800)


def logo_reencode(upload) -> ContentFile:
    """Check an uploaded logo and return it re-encoded as PNG; raise a ValidationError in Japanese."""
    if upload.size > LOGO_MAX_BYTES:
        raise ValidationError(_("ロゴ画像は2MB以下のファイルにしてください。"), code="too_large")
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            if image.format not in LOGO_FORMATS:
                raise ValidationError(_("ロゴ画像は PNG・JPEG・WebP の画像ファイルにしてください。"), code="type")
            if image.width * image.height > LOGO_MAX_PIXELS:
                raise ValidationError(_("ロゴ画像の縦横のピクセル数が大きすぎます。"), code="pixels")
            image.load()
            picture = ImageOps.exif_transpose(image)
            picture = picture.convert("RGBA" if "A" in picture.getbands() or "transparency" in picture.info
                                      else "RGB")
            picture.thumbnail(LOGO_STORED_SIZE)
            output = io.BytesIO()
            picture.save(output, format="PNG", optimize=True)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("ロゴ画像は PNG・JPEG・WebP の画像ファイルにしてください。"), code="type") from exc
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.png")
