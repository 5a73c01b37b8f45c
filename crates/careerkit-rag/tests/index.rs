//! The index with a model-free embedder: upsert by content hash, reopen, delete, reset,
//! filters, and queries that would break a query parser.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use careerkit_core::rag::{RetrievalFilter, RetrievalMode, RetrievalQuery, Retriever};
use careerkit_rag::testing::HashingEmbedder;
use careerkit_rag::{KnowledgeBase, KnowledgeBaseOptions};

fn fixtures() -> std::path::PathBuf {
    std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"))
}

fn open(dir: &std::path::Path, e: &Arc<HashingEmbedder>) -> KnowledgeBase {
    KnowledgeBase::open(dir, e.clone(), KnowledgeBaseOptions::default()).unwrap()
}

#[test]
fn unchanged_chunks_are_not_embedded_again_and_the_index_reopens_without_embedding() {
    let data = tempfile::tempdir().unwrap();
    let src = tempfile::tempdir().unwrap();
    for f in ["star.md", "ats.md", "design.md"] {
        std::fs::copy(fixtures().join(f), src.path().join(f)).unwrap();
    }
    let e = Arc::new(HashingEmbedder::new(128, 256));
    let kb = open(data.path(), &e);
    let mut seen = Vec::new();
    let first = kb.seed_dir(src.path(), &mut |p| seen.push(p.done)).unwrap();
    assert_eq!(seen, [1, 2, 3]);
    assert_eq!(first.documents_indexed, 3);
    assert_eq!(first.chunks_embedded, first.chunks);
    assert_eq!(e.embedded(), first.chunks);
    let chunks = kb.chunk_count().unwrap();

    // The same files again: nothing embedded, nothing rewritten.
    let again = kb.seed_dir(src.path(), &mut |_| {}).unwrap();
    assert_eq!((again.documents_unchanged, again.chunks_embedded), (3, 0));
    assert_eq!(e.embedded(), first.chunks);

    // One section edited: only that chunk is embedded.
    let star = std::fs::read_to_string(src.path().join("star.md")).unwrap();
    std::fs::write(
        src.path().join("star.md"),
        star.replace("hours saved", "hours saved, tickets closed"),
    )
    .unwrap();
    let edited = kb.seed_dir(src.path(), &mut |_| {}).unwrap();
    assert_eq!(edited.documents_indexed, 1);
    assert_eq!(edited.chunks_embedded, 1, "{edited:?}");
    assert_eq!(e.embedded(), first.chunks + 1);
    drop(kb);

    // Reopened: the same chunks, searchable, and the embedder only sees the query.
    let e2 = Arc::new(HashingEmbedder::new(128, 256));
    let kb = open(data.path(), &e2);
    assert_eq!(kb.chunk_count().unwrap(), chunks);
    assert_eq!(kb.recovered_documents().unwrap(), 0);
    let hits = kb
        .search("tickets closed", 3, RetrievalFilter::default())
        .unwrap();
    assert_eq!(e2.embedded(), 1);
    assert_eq!(hits[0].citation.document, "star.md");
    assert_eq!(hits[0].citation.heading_path, ["The STAR method", "Result"]);
    assert_eq!(hits[0].citation.title, "The STAR method");
    // The span points at the passage in the source file.
    let source: Vec<char> = std::fs::read_to_string(src.path().join("star.md"))
        .unwrap()
        .chars()
        .collect();
    let span = hits[0].citation.span;
    assert_eq!(
        source[span.start..span.end].iter().collect::<String>(),
        hits[0].text
    );
    assert!(hits[0].text.starts_with("## Result"));
}

#[test]
fn delete_reset_and_filters() {
    let data = tempfile::tempdir().unwrap();
    let e = Arc::new(HashingEmbedder::new(128, 256));
    let kb = open(data.path(), &e);
    kb.seed_dir(fixtures(), &mut |_| {}).unwrap();
    assert_eq!(
        kb.document_ids().unwrap(),
        ["ats.md", "design.md", "star.md"]
    );

    let only_ats = RetrievalFilter {
        sources: vec![],
        tags: vec!["ats".into()],
    };
    for mode in [
        RetrievalMode::Hybrid,
        RetrievalMode::Lexical,
        RetrievalMode::Dense,
    ] {
        let q = RetrievalQuery::new("interviewer trade-offs and keywords", 10)
            .with_filter(only_ats.clone())
            .with_mode(mode);
        let hits = Retriever::search(&kb, &q).unwrap();
        assert!(!hits.is_empty(), "{mode:?}");
        assert!(
            hits.iter().all(|h| h.citation.document == "ats.md"),
            "{mode:?}"
        );
        assert!(hits
            .iter()
            .all(|h| h.tags == ["ats"] && h.source == "local"));
    }
    let other_source = RetrievalFilter {
        sources: vec!["builtin".into()],
        tags: vec![],
    };
    assert!(kb.search("keywords", 5, other_source).unwrap().is_empty());

    assert_eq!(kb.delete_documents(&["ats.md", "nope.md"]).unwrap(), 1);
    let hits = kb
        .search(
            "keywords posting Kubernetes",
            10,
            RetrievalFilter::default(),
        )
        .unwrap();
    assert!(hits.iter().all(|h| h.citation.document != "ats.md"));
    drop(kb);
    let kb = open(data.path(), &e);
    assert_eq!(kb.document_ids().unwrap(), ["design.md", "star.md"]);
    kb.reset().unwrap();
    assert_eq!(kb.chunk_count().unwrap(), 0);
    assert!(kb
        .search("STAR", 5, RetrievalFilter::default())
        .unwrap()
        .is_empty());
    drop(kb);
    assert_eq!(open(data.path(), &e).chunk_count().unwrap(), 0);
    // Only the current vector file is left behind.
    let vector_files = std::fs::read_dir(data.path())
        .unwrap()
        .filter(|f| {
            f.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("vectors-")
        })
        .count();
    assert_eq!(vector_files, 1);
}

#[test]
fn query_syntax_in_user_text_is_just_words() {
    let data = tempfile::tempdir().unwrap();
    let e = Arc::new(HashingEmbedder::new(64, 256));
    let kb = open(data.path(), &e);
    kb.seed_dir(fixtures(), &mut |_| {}).unwrap();
    for q in [
        "title:(STAR AND \"",
        "a^ b~2 [x TO",
        "-+-+ ((( ))) {}",
        "*",
        "   ",
        "\u{0}\u{ffff}",
        "résumé 面试",
        "OR AND NOT",
    ] {
        let hits = kb.search(q, 5, RetrievalFilter::default()).unwrap();
        assert!(hits.len() <= 5, "{q}");
    }
    let hits = kb
        .search(
            "sharding: replication AND \"rate limiting\"",
            1,
            RetrievalFilter::default(),
        )
        .unwrap();
    assert_eq!(hits[0].citation.heading_path.last().unwrap(), "Scaling");
}

#[test]
fn an_index_built_with_another_model_is_refused() {
    let data = tempfile::tempdir().unwrap();
    let kb = open(data.path(), &Arc::new(HashingEmbedder::new(64, 256)));
    kb.seed_dir(fixtures(), &mut |_| {}).unwrap();
    drop(kb);
    let err = KnowledgeBase::open(
        data.path(),
        Arc::new(HashingEmbedder::new(32, 256)),
        KnowledgeBaseOptions::default(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("reset"), "{err}");
}
