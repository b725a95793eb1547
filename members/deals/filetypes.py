"""What a deal-room attachment really is, decided by its content (magic bytes), never by its name.

A small signature table instead of libmagic: it needs no system library, and the list of what the room accepts
is short (PDF, Office files, images). ZIP-based Office files are opened and must hold `[Content_Types].xml`
and the main part of their kind; a plain ZIP, a JAR or an APK is not an Office file. A Windows executable,
an HTML page or a script renamed to `.pdf` matches nothing and is refused.
"""

import zipfile
from dataclasses import dataclass

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Compound File Binary: .doc, .xls, .ppt


@dataclass(frozen=True)
class FileKind:
    key: str
    label: str
    content_type: str
    extensions: tuple[str, ...]


PDF = FileKind("pdf", "PDF", "application/pdf", ("pdf",))
PNG = FileKind("png", "PNG", "image/png", ("png",))
JPEG = FileKind("jpeg", "JPEG", "image/jpeg", ("jpg", "jpeg"))
GIF = FileKind("gif", "GIF", "image/gif", ("gif",))
WEBP = FileKind("webp", "WebP", "image/webp", ("webp",))
DOCX = FileKind("docx", "Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ("docx",))
XLSX = FileKind("xlsx", "Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",))
PPTX = FileKind("pptx", "PowerPoint", "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                ("pptx",))
OLE_OFFICE = FileKind("ole", "Office (97-2003)", "application/octet-stream", ("doc", "xls", "ppt"))

KINDS = (PDF, PNG, JPEG, GIF, WEBP, DOCX, XLSX, PPTX, OLE_OFFICE)
ALLOWED_EXTENSIONS = tuple(ext for kind in KINDS for ext in kind.extensions)
OLE_CONTENT_TYPES = {"doc": "application/msword", "xls": "application/vnd.ms-excel",
                     "ppt": "application/vnd.ms-powerpoint"}

# The part that makes an OOXML package a document of each kind (ECMA-376 default part names).
_OOXML_MAIN_PARTS = (("word/document.xml", DOCX), ("xl/workbook.xml", XLSX), ("ppt/presentation.xml", PPTX))
_OOXML_MAX_MEMBERS = 10_000


def _ooxml_kind(upload) -> FileKind | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    if len(names) > _OOXML_MAX_MEMBERS or "[Content_Types].xml" not in names:
        return None
    present = set(names)
    for part, kind in _OOXML_MAIN_PARTS:
        if part in present:
            return kind
    return None


def detect(upload) -> FileKind | None:
    """The kind of an uploaded file from its first bytes (and, for ZIP, its table of contents), or None."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(OLE_MAGIC):
        return OLE_OFFICE
    if head.startswith(b"PK\x03\x04"):
        return _ooxml_kind(upload)
    return None


def extension_of(name: str) -> str:
    base = (name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def content_type_for(kind: FileKind, name: str) -> str:
    """The type the file is served with: from its content, the extension only picks among .doc/.xls/.ppt."""
    if kind is OLE_OFFICE:
        return OLE_CONTENT_TYPES.get(extension_of(name), kind.content_type)
    return kind.content_type
