//! The BERT embedder against sentence-transformers' own vectors for the same weights
//! (tests/data/reference_vectors.json, made by scripts/make_reference_vectors.py).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use careerkit_core::rag::Embedder;
use careerkit_rag::embed::Pooling;
use careerkit_rag::{BertEmbedder, BertOptions};

#[derive(serde::Deserialize)]
struct Reference {
    max_seq_length: usize,
    sentences: Vec<String>,
    vectors: Vec<Vec<f32>>,
}

fn reference() -> Reference {
    serde_json::from_str(include_str!("data/reference_vectors.json")).unwrap()
}

#[test]
fn vectors_match_sentence_transformers_within_1e_3() {
    let r = reference();
    let e = BertEmbedder::load(common::model_dir(), BertOptions::default()).unwrap();
    assert_eq!(e.dimensions(), 384);
    assert_eq!(e.max_tokens(), r.max_seq_length - 2);
    assert_eq!(e.pooling(), Pooling::Mean);
    let texts: Vec<&str> = r.sentences.iter().map(String::as_str).collect();
    let got = e.embed(&texts).unwrap();
    let mut worst = 0f32;
    for (i, (g, want)) in got.iter().zip(&r.vectors).enumerate() {
        assert_eq!(g.len(), want.len());
        for (a, b) in g.iter().zip(want) {
            let d = (a - b).abs();
            worst = worst.max(d);
            assert!(d < 1e-3, "sentence {i} {:?}: {a} vs {b}", r.sentences[i]);
        }
    }
    println!("largest difference from sentence-transformers: {worst:e}");
}

#[test]
fn batching_neither_reorders_nor_changes_vectors() {
    let r = reference();
    // Batches of 3 over length-sorted texts: each text is padded differently than alone.
    let e = BertEmbedder::load(
        common::model_dir(),
        BertOptions {
            batch_size: 3,
            max_seq_length: None,
        },
    )
    .unwrap();
    let texts: Vec<&str> = r.sentences.iter().map(String::as_str).collect();
    let batched = e.embed(&texts).unwrap();
    for (i, t) in texts.iter().enumerate() {
        let alone = &e.embed(&[t]).unwrap()[0];
        let diff = alone
            .iter()
            .zip(&batched[i])
            .map(|(a, b)| (a - b).abs())
            .fold(0f32, f32::max);
        assert!(diff < 1e-4, "sentence {i} differs by {diff}");
    }
    assert!(e.embed(&[]).unwrap().is_empty());
}

#[test]
fn tokens_are_char_spans_and_long_text_is_truncated() {
    let e = BertEmbedder::load(common::model_dir(), BertOptions::default()).unwrap();
    let text = "Résumé: led 12 engineers — “shipped” faster.";
    let spans = e.tokenize(text).unwrap();
    let chars: Vec<char> = text.chars().collect();
    assert!(spans.len() > 8);
    // "Résumé" (however many word pieces) starts at 0 and ends at char 6, accents and all.
    assert_eq!(spans[0].start, 0);
    assert!(spans.iter().any(|s| s.end == 6), "{spans:?}");
    assert!(spans.windows(2).all(|w| w[0].end <= w[1].start));
    assert_eq!(spans.last().unwrap().end, chars.len());
    // Past max_seq_length the tail does not change the vector.
    let long = "interview ".repeat(400);
    let longer = format!("{long} completely different ending about databases");
    let v = e.embed(&[&long, &longer]).unwrap();
    assert_eq!(v[0], v[1]);
}

#[test]
fn a_missing_model_directory_is_a_clear_error() {
    let err = BertEmbedder::load("/no/such/model", BertOptions::default()).unwrap_err();
    assert!(err.to_string().contains("config.json"), "{err}");
    assert_eq!(err.kind(), careerkit_core::ErrorKind::InvalidInput);
}
