//! Deduplicating job postings seen on several boards: the canonical URL first, then a fuzzy
//! match of title, company and location, with a person's "not a duplicate" always respected.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

/// A job posting as tracked by a person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct JobPosting {
    /// The product's id for the posting.
    pub id: String,
    /// Where it was found.
    #[serde(default)]
    pub url: Option<String>,
    /// Job title.
    pub title: String,
    /// Employer.
    pub company: String,
    /// Location as posted.
    #[serde(default)]
    pub location: Option<String>,
}

/// Why postings were grouped.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DuplicateReason {
    /// Same canonical URL.
    SameUrl,
    /// Same company and location, titles alike.
    SimilarPosting {
        /// Lowest title similarity in the group, in `[0, 1]`.
        similarity: f64,
    },
}

/// Postings that are one job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DuplicateGroup {
    /// Ids of the postings, in input order.
    pub ids: Vec<String>,
    /// The weakest reason that joined the group.
    pub reason: DuplicateReason,
}

/// Finds duplicate postings.
///
/// ```
/// use careerkit_core::jobs::{Deduplicator, JobPosting};
///
/// let job = |id: &str, url: &str, title: &str, company: &str| JobPosting {
///     id: id.into(), url: Some(url.into()), title: title.into(), company: company.into(), location: Some("Berlin".into()),
/// };
/// let postings = [
///     job("a", "https://jobs.example.com/123?utm_source=x", "Backend Engineer", "Acme GmbH"),
///     job("b", "https://jobs.example.com/123", "Backend Engineer", "Acme GmbH"),
///     job("c", "https://board.example.org/9", "Backend Engineer (m/f/d)", "ACME"),
///     job("d", "https://board.example.org/10", "Data Analyst", "Acme"),
/// ];
/// let mut dedupe = Deduplicator::default();
/// assert_eq!(dedupe.groups(&postings)[0].ids, ["a", "b", "c"]);
/// dedupe.mark_not_duplicate("a", "c");
/// dedupe.mark_not_duplicate("b", "c");
/// assert_eq!(dedupe.groups(&postings)[0].ids, ["a", "b"]);
/// ```
#[derive(Debug, Clone)]
pub struct Deduplicator {
    /// Title similarity (Jaro-Winkler over normalised titles) at which postings of the same
    /// company and location count as one job.
    pub title_threshold: f64,
    not_duplicates: HashSet<(String, String)>,
}

impl Default for Deduplicator {
    fn default() -> Self {
        Self {
            title_threshold: 0.93,
            not_duplicates: HashSet::new(),
        }
    }
}

impl Deduplicator {
    /// Records a person's judgement that two postings are different jobs; it overrides every
    /// match, including through a third posting.
    pub fn mark_not_duplicate(&mut self, a: &str, b: &str) {
        self.not_duplicates.insert(ordered(a, b));
    }

    /// Groups of two or more postings that are one job, in order of their first posting.
    pub fn groups(&self, postings: &[JobPosting]) -> Vec<DuplicateGroup> {
        let keys: Vec<Key> = postings.iter().map(Key::of).collect();
        let mut groups = Groups::new(postings.len());
        let mut by_url: HashMap<&str, usize> = HashMap::new();
        for (i, key) in keys.iter().enumerate() {
            if let Some(url) = key.url.as_deref() {
                match by_url.get(url) {
                    Some(&first) => self.join(&mut groups, postings, first, i, None),
                    None => {
                        by_url.insert(url, i);
                    }
                }
            }
        }
        for i in 0..keys.len() {
            for j in (i + 1)..keys.len() {
                let (a, b) = (&keys[i], &keys[j]);
                let place_agrees =
                    a.location.is_empty() || b.location.is_empty() || a.location == b.location;
                if a.company != b.company || !place_agrees {
                    continue;
                }
                let similarity = strsim::jaro_winkler(&a.title, &b.title);
                if similarity >= self.title_threshold {
                    self.join(&mut groups, postings, i, j, Some(similarity));
                }
            }
        }
        groups.finish(postings)
    }

    /// Joins the groups of `i` and `j` unless a person said some pair across them differs.
    fn join(
        &self,
        groups: &mut Groups,
        postings: &[JobPosting],
        i: usize,
        j: usize,
        similarity: Option<f64>,
    ) {
        let (ri, rj) = (groups.root(i), groups.root(j));
        if ri == rj {
            return;
        }
        let members_i = groups.members(ri);
        let members_j = groups.members(rj);
        let vetoed = members_i.iter().any(|&a| {
            members_j.iter().any(|&b| {
                self.not_duplicates
                    .contains(&ordered(&postings[a].id, &postings[b].id))
            })
        });
        if !vetoed {
            groups.union(ri, rj, similarity);
        }
    }
}

fn ordered(a: &str, b: &str) -> (String, String) {
    if a <= b {
        (a.to_string(), b.to_string())
    } else {
        (b.to_string(), a.to_string())
    }
}

/// The normalised fields compared.
struct Key {
    url: Option<String>,
    title: String,
    company: String,
    location: String,
}

impl Key {
    fn of(posting: &JobPosting) -> Key {
        Key {
            url: posting.url.as_deref().and_then(canonical_url),
            title: normalize_title(&posting.title),
            company: normalize_company(&posting.company),
            location: words(posting.location.as_deref().unwrap_or_default()).join(" "),
        }
    }
}

/// Union-find over posting indices, remembering the weakest similarity of each group.
struct Groups {
    parent: Vec<usize>,
    weakest: Vec<Option<f64>>,
}

impl Groups {
    fn new(n: usize) -> Self {
        Self {
            parent: (0..n).collect(),
            weakest: vec![None; n],
        }
    }

    fn root(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    fn members(&mut self, root: usize) -> Vec<usize> {
        (0..self.parent.len())
            .filter(|&k| self.root(k) == root)
            .collect()
    }

    fn union(&mut self, a: usize, b: usize, similarity: Option<f64>) {
        let weakest = [self.weakest[a], self.weakest[b], similarity]
            .into_iter()
            .flatten()
            .reduce(f64::min);
        let (keep, drop) = if a < b { (a, b) } else { (b, a) };
        self.parent[drop] = keep;
        self.weakest[keep] = weakest;
    }

    fn finish(mut self, postings: &[JobPosting]) -> Vec<DuplicateGroup> {
        let mut by_root: Vec<(usize, Vec<String>)> = Vec::new();
        for (i, posting) in postings.iter().enumerate() {
            let root = self.root(i);
            match by_root.iter_mut().find(|(r, _)| *r == root) {
                Some((_, ids)) => ids.push(posting.id.clone()),
                None => by_root.push((root, vec![posting.id.clone()])),
            }
        }
        by_root
            .into_iter()
            .filter(|(_, ids)| ids.len() > 1)
            .map(|(root, ids)| DuplicateGroup {
                ids,
                reason: match self.weakest[root] {
                    Some(similarity) => DuplicateReason::SimilarPosting { similarity },
                    None => DuplicateReason::SameUrl,
                },
            })
            .collect()
    }
}

/// The canonical form of a job URL: lowercase host without `www.`, no fragment, no tracking
/// parameters (`utm_*`, `gclid`, `fbclid`, `ref`, `source`, ...), remaining parameters sorted,
/// no trailing slash. `None` if it does not parse as an http(s) URL.
///
/// ```
/// use careerkit_core::jobs::canonical_url;
/// assert_eq!(
///     canonical_url("HTTPS://www.Example.com/jobs/42/?utm_source=li&b=2&a=1#apply").as_deref(),
///     Some("https://example.com/jobs/42?a=1&b=2"),
/// );
/// ```
pub fn canonical_url(raw: &str) -> Option<String> {
    const TRACKING: &[&str] = &[
        "gclid",
        "fbclid",
        "ref",
        "refid",
        "source",
        "src",
        "trk",
        "trackingid",
        "mc_cid",
        "mc_eid",
        "campaign",
    ];
    let url = url::Url::parse(raw.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    let host = url.host_str()?.to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let mut params: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| {
            let k = k.to_lowercase();
            !k.starts_with("utm_") && !TRACKING.contains(&k.as_str())
        })
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    params.sort();
    let path = url.path().trim_end_matches('/');
    let query: Vec<String> = params.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let mut out = format!("https://{host}{path}");
    if !query.is_empty() {
        out.push('?');
        out.push_str(&query.join("&"));
    }
    Some(out)
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '+' && c != '#')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Lowercase title words without gender tags and bracketed notes ("(m/f/d)", "(remote)").
fn normalize_title(title: &str) -> String {
    let mut cleaned = String::with_capacity(title.len());
    let mut depth = 0usize;
    for ch in title.chars() {
        match ch {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            c if depth == 0 => cleaned.push(c),
            _ => {}
        }
    }
    words(&cleaned).join(" ")
}

/// Lowercase company words without legal suffixes ("Inc", "GmbH", "Ltd").
fn normalize_company(company: &str) -> String {
    const SUFFIXES: &[&str] = &[
        "inc",
        "incorporated",
        "llc",
        "ltd",
        "limited",
        "gmbh",
        "ag",
        "corp",
        "corporation",
        "co",
        "plc",
        "sa",
        "bv",
        "srl",
    ];
    words(company)
        .into_iter()
        .filter(|w| !SUFFIXES.contains(&w.as_str()))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(id: &str, title: &str, company: &str, location: Option<&str>) -> JobPosting {
        JobPosting {
            id: id.into(),
            url: None,
            title: title.into(),
            company: company.into(),
            location: location.map(str::to_string),
        }
    }

    #[test]
    fn different_roles_at_one_company_stay_apart() {
        let postings = [
            job("1", "Senior Backend Engineer", "Acme", Some("Berlin")),
            job("2", "Senior Frontend Engineer", "Acme", Some("Berlin")),
            job("3", "Senior Backend Engineer", "Acme", Some("Munich")),
        ];
        assert!(Deduplicator::default().groups(&postings).is_empty());
    }

    #[test]
    fn a_veto_holds_through_a_third_posting() {
        let postings = [
            job("1", "Data Engineer", "Acme Inc.", None),
            job("2", "Data Engineer", "ACME", Some("Remote")),
            job("3", "Data Engineer (remote)", "Acme", Some("Remote")),
        ];
        let mut dedupe = Deduplicator::default();
        dedupe.mark_not_duplicate("1", "3");
        let groups = dedupe.groups(&postings);
        assert_eq!(groups.len(), 1);
        assert!(
            !(groups[0].ids.contains(&"1".to_string()) && groups[0].ids.contains(&"3".to_string()))
        );
    }

    #[test]
    fn non_http_urls_have_no_canonical_form() {
        assert_eq!(canonical_url("mailto:jobs@example.com"), None);
        assert_eq!(canonical_url("not a url"), None);
    }
}
