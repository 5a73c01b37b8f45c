//! Word classes for the skill tagger, learned from sentence embeddings: each word of a 25,000-word
//! list was embedded on its own by all-MiniLM-L6-v2 and grouped by k-means into 512 classes,
//! nested in 128 and 32 coarser ones (`data/word_clusters.tsv`, built by
//! `scripts/build_word_clusters.py`). A word the tagger never saw in training ("Pulumi") shares a
//! class with words it did ("Terraform"), which is what a hashed word feature cannot give.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The classes of one word, finest first: out of 512, 128 and 32.
pub(crate) type Classes = [&'static str; 3];

/// The classes of an unknown word at every level.
const UNKNOWN: Classes = ["?", "?", "?"];

/// The classes of `word` (lowercase, as the tagger tokenizes), or `"?"` at every level.
pub(crate) fn classes(word: &str) -> Classes {
    table().get(word).copied().unwrap_or(UNKNOWN)
}

fn table() -> &'static HashMap<&'static str, Classes> {
    static TABLE: OnceLock<HashMap<&'static str, Classes>> = OnceLock::new();
    TABLE.get_or_init(|| parse(include_str!("../../data/word_clusters.tsv")))
}

/// Lines of `word \t fine \t middle \t coarse`; `#` lines and malformed lines are skipped.
fn parse(text: &'static str) -> HashMap<&'static str, Classes> {
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let mut fields = line.split('\t');
            let word = fields.next()?;
            let classes = [fields.next()?, fields.next()?, fields.next()?];
            Some((word, classes))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn infrastructure_tools_share_a_class_that_benefits_do_not() {
        assert_eq!(classes("terraform")[0], classes("ansible")[0]);
        assert_ne!(classes("terraform")[2], classes("benefits")[2]);
        assert_eq!(classes("no-such-word-xyz"), UNKNOWN);
    }

    #[test]
    fn malformed_lines_are_skipped() {
        let table = parse("# header\nrust\t1\t2\t3\nbroken\t1\n");
        assert_eq!(table.get("rust"), Some(&["1", "2", "3"]));
        assert_eq!(table.len(), 1);
    }
}
