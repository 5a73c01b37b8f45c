"""The knowledge base with asyncio coroutines: open (and seed), add documents, search with
filters, delete. Embedding and search run on a worker thread (``asyncio.to_thread``) with the
GIL released.
"""

from __future__ import annotations

import asyncio
import os
from typing import List, Optional, Sequence, Union

from . import sync
from .types import Passage, SourceDocument, UpsertReport


class KnowledgeBase:
    """Hybrid retrieval (BM25 and sentence embeddings) over Markdown documents.

    Open it with :meth:`KnowledgeBase.open` (loading the sentence model takes a moment: open
    once and share it); pass it to :meth:`careerkit.Workflow.open` so interview practice cites
    it.
    """

    def __init__(self, kb: sync.KnowledgeBase) -> None:
        self._sync = kb

    @classmethod
    async def open(
        cls, data_dir: Optional[Union[str, "os.PathLike[str]"]] = None, *, seed_builtin: bool = True
    ) -> "KnowledgeBase":
        """Open (creating if needed) the knowledge base; see :meth:`careerkit.sync.KnowledgeBase.open`."""
        return cls(await asyncio.to_thread(sync.KnowledgeBase.open, data_dir, seed_builtin=seed_builtin))

    @property
    def sync(self) -> sync.KnowledgeBase:
        """The same knowledge base with blocking methods."""
        return self._sync

    async def upsert(self, documents: Sequence[SourceDocument]) -> UpsertReport:
        """Add or replace documents; unchanged ones (same content hash) are skipped."""
        return await asyncio.to_thread(self._sync.upsert, documents)

    async def search(
        self, query: str, k: int = 5, *, sources: Sequence[str] = (), tags: Sequence[str] = ()
    ) -> List[Passage]:
        """The ``k`` best passages for ``query``, each with its citation."""
        return await asyncio.to_thread(self._sync.search, query, k, sources=sources, tags=tags)

    async def delete_documents(self, ids: Sequence[str]) -> int:
        """Remove documents by id; how many there were."""
        return await asyncio.to_thread(self._sync.delete_documents, ids)

    async def document_ids(self) -> List[str]:
        """The ids of the indexed documents, sorted."""
        return await asyncio.to_thread(self._sync.document_ids)

    async def chunk_count(self) -> int:
        """How many chunks are indexed."""
        return await asyncio.to_thread(self._sync.chunk_count)

    async def reset(self) -> None:
        """Empty the knowledge base."""
        await asyncio.to_thread(self._sync.reset)
