"""The runtime survives fork() (pre-fork servers), and the type stubs match the native module."""

from __future__ import annotations

import ast
import os
import pathlib

import pytest

import careerkit
from careerkit import _native


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork() on this platform")
def test_network_calls_work_in_a_forked_child(sync_kit: careerkit.sync.Careerkit, job_server: str) -> None:
    # Start the parent's runtime first, so the child inherits a runtime with no threads.
    assert "Data Engineer" in sync_kit.fetch_job(f"{job_server}/job")["text"]
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        status = 1
        try:
            text = careerkit.sync.Careerkit().fetch_job(f"{job_server}/job")["text"]
            os.write(write_fd, text.encode())
            status = 0
        finally:
            os._exit(status)
    os.close(write_fd)
    _, status = os.waitpid(pid, 0)
    received = os.read(read_fd, 4096).decode()
    assert os.WEXITSTATUS(status) == 0
    assert received.startswith("Data Engineer")


def test_stubs_name_exactly_what_the_native_module_exports() -> None:
    stub = pathlib.Path(careerkit.__file__).with_name("_native.pyi")
    tree = ast.parse(stub.read_text())
    stubbed = {
        node.name if not isinstance(node, ast.AnnAssign) else node.target.id  # type: ignore[union-attr]
        for node in tree.body
        if isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.AnnAssign))
    }
    exported = {name for name in dir(_native) if not name.startswith("__") or name == "__version__"}
    assert stubbed == exported
    for cls in ("Engine", "Workflow", "RunEvents", "KnowledgeBase"):
        class_stub = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == cls)
        stub_methods = {n.name for n in class_stub.body if isinstance(n, ast.FunctionDef)} - {"__init__"}
        native_methods = {m for m in dir(getattr(_native, cls)) if not m.startswith("_")}
        assert stub_methods == native_methods, cls
