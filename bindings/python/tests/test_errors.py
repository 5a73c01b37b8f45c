"""Every error kind arrives as its own exception class; a panic never escapes as PanicException."""

from __future__ import annotations

import asyncio
import zipfile
import io

import pytest

import careerkit
from conftest import SHARED


def test_errors_are_careerkit_errors_by_kind(sync_kit: careerkit.sync.Careerkit) -> None:
    with pytest.raises(careerkit.UnsupportedFormatError, match="empty file"):
        sync_kit.read_text(b"", "cv.pdf")
    with pytest.raises(careerkit.UnsupportedFormatError, match="PNG"):
        sync_kit.read_text(b"\x89PNG\r\n\x1a\n0000", "cv.pdf")
    with pytest.raises(careerkit.InvalidInputError):
        sync_kit.export({"name": "x"}, "pdf")  # type: ignore[typeddict-item]
    with pytest.raises(careerkit.InvalidInputError, match="unknown export format"):
        sync_kit.export({"name": "x", "headline": None, "contact": [], "sections": []}, "odt")
    small = careerkit.sync.Careerkit(max_file_bytes=10)
    with pytest.raises(careerkit.LimitExceededError):
        small.read_text(b"x" * 11, "cv.txt")


def test_zip_bomb_docx_is_refused(sync_kit: careerkit.sync.Careerkit) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", "<w:document/>")
        z.writestr("word/bomb.xml", b"\0" * (80 * 1024 * 1024))
    with pytest.raises(careerkit.LimitExceededError, match="decompress"):
        sync_kit.read_text(buf.getvalue(), "cv.docx")


@pytest.mark.skipif(not SHARED.exists(), reason="../shared/data is not beside the repository")
def test_real_hostile_files(sync_kit: careerkit.sync.Careerkit) -> None:
    encrypted = (SHARED / "bad" / "encrypted_user_baz_owner_foo__aes128.pdf").read_bytes()
    with pytest.raises(careerkit.PasswordProtectedError):
        sync_kit.read_text(encrypted, "cv.pdf")
    scanned = (SHARED / "bad" / "image_only__awesomecv_resume_150dpi.pdf").read_bytes()
    with pytest.raises(careerkit.NoTextLayerError):
        sync_kit.read_text(scanned, "cv.pdf")


def test_network_errors(kit: careerkit.Careerkit, job_server: str) -> None:
    with pytest.raises(careerkit.NetworkError, match="404"):
        asyncio.run(kit.fetch_job(f"{job_server}/missing"))


def test_a_panic_is_an_internal_error_and_the_next_call_works(sync_kit: careerkit.sync.Careerkit) -> None:
    from careerkit import _native

    with pytest.raises(careerkit.InternalError, match="panicked"):
        _native._trigger_panic_for_tests()
    try:
        _native._trigger_panic_for_tests()
    except Exception as exc:  # the point: `except Exception` catches it
        assert isinstance(exc, careerkit.CareerkitError)
    assert [s["name"] for s in sync_kit.extract_skills("Python and Kubernetes")] == ["Python", "Kubernetes"]
