//! Reading order from glyph positions: pdf-extract reports every glyph with its transform, and
//! this module groups them into lines (by baseline), words (by horizontal gaps relative to the
//! font size), and columns (a vertical gutter that text flows down on both sides).
//!
//! pdf-extract's own plain-text output decides spaces from the order in which glyphs were
//! drawn, which fails on real resumes: Chromium prints one glyph per show operation (so every
//! letter became a word), right-aligned fields drawn in one operation run together
//! (`UniversityPhD`), and two-column layouts come out interleaved. Working from positions
//! fixes all three, whatever order the producer drew in.

use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

/// Glyphs smaller than this (in points, after all transforms) are invisible to a reader.
const MIN_VISIBLE_SIZE: f64 = 2.0;

/// One glyph placed on a page, in points from the top-left corner.
#[derive(Debug, Clone)]
struct Glyph {
    x: f64,
    /// Baseline, measured downwards from the top of the page.
    y: f64,
    /// Horizontal advance.
    w: f64,
    /// `w` is a guess: the font reported no width (see [`infer_widths`]).
    estimated: bool,
    size: f64,
    text: String,
}

impl Glyph {
    fn end(&self) -> f64 {
        self.x + self.w
    }

    fn is_space(&self) -> bool {
        self.text.chars().all(char::is_whitespace)
    }
}

/// The glyphs of one page.
#[derive(Debug, Default)]
struct PageGlyphs {
    width: f64,
    height: f64,
    glyphs: Vec<Glyph>,
    /// Glyphs drawn at an angle, in drawing order (vertical sidebars and the like).
    rotated: String,
    /// Text a reader cannot see (tiny or off the page).
    hidden: String,
    /// Glyphs whose font maps them to no text at all (no `/ToUnicode`, no usable encoding).
    unmapped: usize,
}

/// An [`OutputDev`] that records glyph positions per page instead of writing text.
#[derive(Debug, Default)]
pub(super) struct GlyphCollector {
    pages: Vec<PageGlyphs>,
    current: PageGlyphs,
    origin: (f64, f64),
}

impl GlyphCollector {
    /// Lays out what was collected (pdf-extract is run one page at a time, so this is one page).
    pub(super) fn lay_out(self) -> PageText {
        self.pages
            .into_iter()
            .map(layout_page)
            .fold(PageText::default(), |mut acc, page| {
                acc.lines.extend(page.lines);
                acc.hidden.push_str(&page.hidden);
                acc.unmapped += page.unmapped;
                acc
            })
    }
}

impl OutputDev for GlyphCollector {
    fn begin_page(
        &mut self,
        _page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.current = PageGlyphs {
            width: (media_box.urx - media_box.llx).abs(),
            height: (media_box.ury - media_box.lly).abs(),
            ..PageGlyphs::default()
        };
        self.origin = (media_box.llx, media_box.lly);
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        self.pages.push(std::mem::take(&mut self.current));
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        let scale_x = trm.m11.hypot(trm.m12);
        let scale_y = trm.m21.hypot(trm.m22);
        let size = (font_size * scale_y).abs();
        if !size.is_finite() || !trm.m31.is_finite() || !trm.m32.is_finite() {
            return Ok(());
        }
        let page = &mut self.current;
        if text.is_empty() {
            page.unmapped += 1;
            return Ok(());
        }
        if trm.m12.abs() > 1e-3 * scale_x.max(1e-9) || trm.m11 < 0.0 {
            page.rotated.push_str(text);
            return Ok(());
        }
        let w = (width * font_size * scale_x).abs();
        let glyph = Glyph {
            x: trm.m31 - self.origin.0,
            y: page.height - (trm.m32 - self.origin.1),
            // pdf-extract misses the widths of some fonts (Typst's CID fonts, Chromium's
            // Type 3 fonts); `infer_widths` fills them in from positions.
            estimated: w < 0.05 * size,
            w,
            size,
            text: text.to_string(),
        };
        let off_page = glyph.end() < 0.0
            || glyph.x > page.width
            || glyph.y < 0.0
            || glyph.y - size > page.height;
        if size < MIN_VISIBLE_SIZE || off_page {
            page.hidden.push_str(&glyph.text);
        } else {
            page.glyphs.push(glyph);
        }
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// A page laid out as text.
#[derive(Debug, Default)]
pub(super) struct PageText {
    /// Visual lines in reading order.
    pub(super) lines: Vec<String>,
    /// Text a reader cannot see.
    pub(super) hidden: String,
    /// Glyphs that decoded to no text.
    pub(super) unmapped: usize,
}

/// Lays out one page: columns, lines, words.
fn layout_page(page: PageGlyphs) -> PageText {
    let lines = group_lines(infer_widths(page.glyphs));
    let mut out: Vec<String> = match find_gutter(&lines, page.width) {
        Some(gutter) => columns_in_order(lines, gutter),
        None => lines.iter().map(render_line).collect(),
    };
    out.retain(|l| !l.trim().is_empty());
    if !page.rotated.trim().is_empty() {
        out.push(page.rotated.trim().to_string());
    }
    PageText {
        lines: out,
        hidden: page.hidden,
        unmapped: page.unmapped,
    }
}

/// Gives glyphs without a known width one, from the drawing order (`glyphs` must be in the
/// order pdf-extract reported them).
///
/// Two shapes occur. Individually placed glyphs (Chromium) advance by their true width, so a
/// glyph's width is the distance to the next one, except before a word gap, which shows as a
/// distance well above the run's median. Glyphs of one show operation that all land on the same
/// spot (Typst) carry no position at all: they are merged, in drawing order, into one chunk whose
/// width stays a guess of half an em per character.
fn infer_widths(glyphs: Vec<Glyph>) -> Vec<Glyph> {
    let mut out: Vec<Glyph> = Vec::with_capacity(glyphs.len());
    let mut run: Vec<Glyph> = Vec::new();
    for g in glyphs {
        let continues = run
            .last()
            .is_some_and(|p| g.estimated && (p.y - g.y).abs() < 0.05 * g.size);
        if !continues && !run.is_empty() {
            out.extend(widths_of_run(std::mem::take(&mut run)));
        }
        if g.estimated {
            run.push(g);
        } else {
            out.push(g);
        }
    }
    out.extend(widths_of_run(run));
    out
}

/// [`infer_widths`] for one run of width-less glyphs on one baseline.
fn widths_of_run(run: Vec<Glyph>) -> Vec<Glyph> {
    let mut chunks: Vec<Glyph> = Vec::with_capacity(run.len());
    // Compared with the previous glyph, not the chunk's first: kerning drifts x a little at
    // every glyph of a stacked chunk.
    let mut cursor = f64::NAN;
    for g in run {
        let x = g.x;
        match chunks.last_mut() {
            Some(last) if (x - cursor).abs() < 0.2 * g.size => last.text.push_str(&g.text),
            _ => chunks.push(g),
        }
        cursor = x;
    }
    let mut steps: Vec<f64> = chunks
        .windows(2)
        .filter(|p| p[0].text.chars().count() == 1)
        .map(|p| p[1].x - p[0].x)
        .filter(|d| *d > 0.0)
        .collect();
    steps.sort_by(f64::total_cmp);
    let median = steps.get(steps.len() / 2).copied();
    let next_x: Vec<Option<f64>> = chunks
        .iter()
        .skip(1)
        .map(|g| Some(g.x))
        .chain([None])
        .collect();
    chunks
        .into_iter()
        .zip(next_x)
        .map(|(mut g, next)| {
            let single = g.text.chars().count() == 1;
            match (single, median, next) {
                (true, Some(m), Some(nx)) if nx > g.x => {
                    let step = nx - g.x;
                    g.w = if step <= 1.5 * m { step } else { m };
                    g.estimated = false;
                }
                (true, Some(m), _) => {
                    g.w = m;
                    g.estimated = false;
                }
                _ => g.w = 0.5 * g.size * g.text.chars().count() as f64,
            }
            g
        })
        .collect()
}

/// A visual line: glyphs sorted left to right.
#[derive(Debug)]
struct Line {
    glyphs: Vec<Glyph>,
    baseline: f64,
    size: f64,
}

/// Groups glyphs into lines. Glyphs drawn one after another along one baseline form a run
/// first; a run joins a line when their vertical extents overlap by at least half of the
/// smaller (so superscripts stay on their line) and it does not sit on top of the line's text
/// (two stacked lines set close together, as in a right-aligned contact block).
fn group_lines(glyphs: Vec<Glyph>) -> Vec<Line> {
    let mut runs: Vec<Line> = Vec::new();
    for g in glyphs {
        match runs.last_mut() {
            Some(run) if continues_run(run, &g) => run.glyphs.push(g),
            _ => runs.push(Line {
                baseline: g.y,
                size: g.size,
                glyphs: vec![g],
            }),
        }
    }
    runs.sort_by(|a, b| a.baseline.total_cmp(&b.baseline));
    let mut lines: Vec<Line> = Vec::new();
    for run in runs {
        let joins = lines.iter_mut().rev().take(4).find(|l| {
            let (top, bottom) = (l.baseline - 0.8 * l.size, l.baseline + 0.2 * l.size);
            let (rt, rb) = (run.baseline - 0.8 * run.size, run.baseline + 0.2 * run.size);
            let overlap = bottom.min(rb) - top.max(rt);
            overlap >= 0.5 * l.size.min(run.size) && !collides(l, &run)
        });
        match joins {
            Some(line) => {
                if run.size > line.size {
                    line.size = run.size;
                    line.baseline = run.baseline;
                }
                line.glyphs.extend(run.glyphs);
            }
            None => lines.push(run),
        }
    }
    for line in &mut lines {
        line.glyphs.sort_by(|a, b| a.x.total_cmp(&b.x));
        dedupe_overprint(&mut line.glyphs);
    }
    lines.sort_by(|a, b| a.baseline.total_cmp(&b.baseline));
    lines
}

/// Whether `g`, drawn right after the end of `run`, continues it on the same baseline.
fn continues_run(run: &Line, g: &Glyph) -> bool {
    run.glyphs.last().is_some_and(|p| {
        (p.y - g.y).abs() < 0.1 * g.size.max(p.size)
            && g.x >= p.x - 0.1 * g.size
            && g.x - p.end() < g.size.max(p.size)
    })
}

/// Whether `run` would sit on top of text of `line` drawn on another baseline.
fn collides(line: &Line, run: &Line) -> bool {
    let (x0, x1) = run
        .glyphs
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), g| {
            (a.min(g.x), b.max(g.end()))
        });
    // Only text of about the same size counts: a smaller glyph tucked into a word is a
    // superscript or the raised A of a LaTeX logo, not another line.
    line.glyphs.iter().any(|o| {
        (o.y - run.baseline).abs() > 0.1 * run.size
            && (o.size - run.size).abs() < 0.15 * o.size.max(run.size)
            && !o.is_space()
            && o.x.max(x0) < o.end().min(x1) - 0.3 * o.w
    })
}

/// Drops glyphs drawn twice at (almost) the same spot, a common way to fake bold.
fn dedupe_overprint(glyphs: &mut Vec<Glyph>) {
    let mut kept: Vec<Glyph> = Vec::with_capacity(glyphs.len());
    for g in glyphs.drain(..) {
        let repeat = kept.iter().rev().take(3).any(|k| {
            k.text == g.text
                && (k.x - g.x).abs() < 0.15 * g.size
                && (k.y - g.y).abs() < 0.15 * g.size
        });
        if !repeat {
            kept.push(g);
        }
    }
    *glyphs = kept;
}

/// Renders a line: words split at gaps wider than the line's own letter spacing plus a fifth
/// of the font size; gaps of several ems (right-aligned fields, tab stops) become a tab.
fn render_line(line: &Line) -> String {
    let visible: Vec<&Glyph> = line.glyphs.iter().filter(|g| !g.is_space()).collect();
    let mut gaps: Vec<f64> = visible.windows(2).map(|p| p[1].x - p[0].end()).collect();
    gaps.sort_by(f64::total_cmp);
    // Most neighbours are letters of one word, so a low percentile is the letter spacing.
    let tracking = gaps
        .get(gaps.len() / 4)
        .copied()
        .unwrap_or(0.0)
        .clamp(0.0, 0.6 * line.size);
    let mut out = String::new();
    let mut prev: Option<&Glyph> = None;
    let mut space_glyph = false;
    for g in &line.glyphs {
        if g.is_space() {
            space_glyph = true;
            continue;
        }
        if let Some(p) = prev {
            let size = p.size.max(g.size);
            let gap = g.x - p.end();
            // A chunk of width-less glyphs has no reliable end: assume a word break unless
            // punctuation follows.
            let unsure =
                (p.estimated || g.estimated) && !g.text.starts_with([',', '.', ';', ':', ')']);
            let spaced =
                out.ends_with(char::is_whitespace) || g.text.starts_with(char::is_whitespace);
            if gap > 2.5 * size {
                out.push('\t');
            } else if !spaced && (space_glyph || unsure || gap > tracking + 0.12 * size) {
                out.push(' ');
            }
        }
        out.push_str(&g.text);
        prev = Some(g);
        space_glyph = false;
    }
    out
}

/// A horizontal run of one line, separated from its neighbours by more than any word space.
#[derive(Debug, Clone, Copy)]
struct Segment {
    line: usize,
    x0: f64,
    x1: f64,
    /// Baseline of the run's first glyph (lines may merge runs from different baselines).
    y: f64,
    size: f64,
}

fn segments(index: usize, line: &Line) -> Vec<Segment> {
    let mut segs: Vec<Segment> = Vec::new();
    for g in line.glyphs.iter().filter(|g| !g.is_space()) {
        match segs.last_mut() {
            Some(last) if g.x - last.x1 < 1.5 * g.size.max(line.size * 0.5) => {
                last.x1 = last.x1.max(g.end())
            }
            _ => segs.push(Segment {
                line: index,
                x0: g.x,
                x1: g.end(),
                y: g.y,
                size: g.size,
            }),
        }
    }
    segs
}

/// Finds the x of a vertical gutter with independent text flows on both sides, if any.
///
/// A gutter lies in the middle 60% of the page, is crossed by few lines (a full-width header
/// or footer), and has enough text on both sides. Tables and right-aligned dates also leave
/// an empty band, but their two sides share baselines row by row; independent columns do not.
fn find_gutter(lines: &[Line], page_width: f64) -> Option<f64> {
    if lines.len() < 8 || page_width <= 0.0 {
        return None;
    }
    let segs: Vec<Segment> = lines
        .iter()
        .enumerate()
        .flat_map(|(i, l)| segments(i, l))
        .collect();
    let candidates: Vec<(f64, usize)> = (0..)
        .map(|i| 0.2 * page_width + f64::from(i))
        .take_while(|&x| x <= 0.8 * page_width)
        .map(|x| (x, lines_crossing(&segs, x)))
        .collect();
    let crossing = candidates.iter().map(|c| c.1).min()?;
    if crossing > 3.max(lines.len() / 8) {
        return None;
    }
    // Of all x with the fewest crossings, take the middle of the widest run.
    let mut runs: Vec<(f64, f64)> = Vec::new();
    for &(x, n) in &candidates {
        if n != crossing {
            continue;
        }
        match runs.last_mut() {
            Some(r) if x - r.1 <= 1.0 + 1e-9 => r.1 = x,
            _ => runs.push((x, x)),
        }
    }
    runs.sort_by(|p, q| (q.1 - q.0).total_cmp(&(p.1 - p.0)));
    runs.into_iter()
        .map(|(a, b)| (a + b) / 2.0)
        .find(|&gutter| flows_independently(&segs, gutter))
}

/// Whether both sides of `gutter` hold enough text and their runs do not share baselines (as
/// the cells of a table row would).
fn flows_independently(segs: &[Segment], gutter: f64) -> bool {
    let left: Vec<&Segment> = segs.iter().filter(|s| s.x1 <= gutter).collect();
    let right: Vec<&Segment> = segs.iter().filter(|s| s.x0 >= gutter).collect();
    if left.len() < 5 || right.len() < 5 {
        return false;
    }
    let (fewer, more) = if left.len() < right.len() {
        (&left, &right)
    } else {
        (&right, &left)
    };
    let paired = fewer
        .iter()
        .filter(|s| {
            more.iter()
                .any(|o| (s.y - o.y).abs() < 0.15 * s.size.min(o.size))
        })
        .count();
    paired * 10 < fewer.len() * 6
}

/// How many distinct lines have a segment spanning `x`.
fn lines_crossing(segs: &[Segment], x: f64) -> usize {
    let mut last = usize::MAX;
    let mut n = 0;
    for s in segs {
        if s.x0 < x && s.x1 > x && s.line != last {
            n += 1;
            last = s.line;
        }
    }
    n
}

/// Emits a two-column page: full-width lines in place, and between them the left column's
/// lines before the right column's. Full-width lines are those crossing the gutter and those
/// above the point where both columns have begun (a centred name that misses the gutter).
fn columns_in_order(lines: Vec<Line>, gutter: f64) -> Vec<String> {
    let first_on = |left: bool| {
        lines
            .iter()
            .find(|l| {
                l.glyphs
                    .iter()
                    .any(|g| (g.x < gutter) == left && !g.is_space())
            })
            .map_or(f64::INFINITY, |l| l.baseline)
    };
    let columns_begin = first_on(true).max(first_on(false));
    let mut out = Vec::new();
    let mut left: Vec<Glyph> = Vec::new();
    let mut right: Vec<Glyph> = Vec::new();
    let flush = |left: &mut Vec<Glyph>, right: &mut Vec<Glyph>, out: &mut Vec<String>| {
        for side in [left, right] {
            out.extend(group_lines(std::mem::take(side)).iter().map(render_line));
        }
    };
    for line in lines {
        let full_width = line.baseline < columns_begin
            || segments(0, &line)
                .iter()
                .any(|s| s.x0 < gutter && s.x1 > gutter);
        if full_width {
            flush(&mut left, &mut right, &mut out);
            out.push(render_line(&line));
        } else {
            for g in line.glyphs {
                if g.x < gutter {
                    left.push(g);
                } else {
                    right.push(g);
                }
            }
        }
    }
    flush(&mut left, &mut right, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, x: f64, y: f64, size: f64, advance: f64, tracking: f64) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .map(|(i, c)| Glyph {
                x: x + i as f64 * (advance + tracking),
                y,
                w: advance,
                estimated: false,
                size,
                text: c.to_string(),
            })
            .collect()
    }

    fn page(glyphs: Vec<Glyph>) -> PageGlyphs {
        PageGlyphs {
            width: 600.0,
            height: 800.0,
            glyphs,
            ..PageGlyphs::default()
        }
    }

    #[test]
    fn letter_spaced_glyphs_make_words_not_letters() {
        // Chromium-style: one glyph per operation, 1pt tracking, word gap of a space + tracking.
        let mut g = word("john.doe@x.com", 50.0, 100.0, 10.0, 5.0, 1.0);
        g.extend(word(
            "Phone",
            50.0 + 14.0 * 6.0 + 3.5,
            100.0,
            10.0,
            5.0,
            1.0,
        ));
        let text = layout_page(page(g)).lines.join("\n");
        assert_eq!(text, "john.doe@x.com Phone");
    }

    #[test]
    fn a_right_aligned_field_is_separated() {
        let mut g = word("University", 50.0, 100.0, 10.0, 5.0, 0.0);
        g.extend(word("PhD", 500.0, 100.0, 10.0, 5.0, 0.0));
        assert_eq!(layout_page(page(g)).lines, ["University\tPhD"]);
    }

    #[test]
    fn tiny_and_off_page_glyphs_are_hidden() {
        let mut c = GlyphCollector::default();
        let mb = MediaBox {
            llx: 0.0,
            lly: 0.0,
            urx: 600.0,
            ury: 800.0,
        };
        c.begin_page(1, &mb, None).unwrap();
        let at = |x: f64, y: f64| Transform::row_major(1.0, 0.0, 0.0, 1.0, x, y);
        c.output_character(&at(10.0, 700.0), 0.5, 0.0, 10.0, "A")
            .unwrap();
        c.output_character(&at(20.0, 700.0), 0.5, 0.0, 1.0, "x")
            .unwrap();
        c.output_character(&at(-500.0, 700.0), 0.5, 0.0, 10.0, "y")
            .unwrap();
        c.end_page().unwrap();
        let laid = c.lay_out();
        assert_eq!(laid.lines, ["A"]);
        assert_eq!(laid.hidden, "xy");
    }

    #[test]
    fn two_columns_are_read_left_then_right() {
        let mut g = word("Header", 250.0, 40.0, 14.0, 8.0, 0.0);
        for i in 0..10 {
            let y = 100.0 + i as f64 * 12.0;
            g.extend(word(&format!("left{i}"), 40.0, y, 10.0, 5.0, 0.0));
            // The right column's rows sit between the left column's baselines.
            g.extend(word(&format!("right{i}"), 320.0, y + 5.0, 10.0, 5.0, 0.0));
        }
        let lines = layout_page(page(g)).lines;
        assert_eq!(lines[0], "Header");
        assert_eq!(lines[1], "left0");
        assert_eq!(lines[10], "left9");
        assert_eq!(lines[11], "right0");
    }

    #[test]
    fn table_rows_stay_rows() {
        let mut g = Vec::new();
        for i in 0..10 {
            let y = 100.0 + i as f64 * 14.0;
            g.extend(word("2020", 40.0, y, 10.0, 5.0, 0.0));
            g.extend(word(&format!("job{i}"), 300.0, y, 10.0, 5.0, 0.0));
        }
        let lines = layout_page(page(g)).lines;
        assert_eq!(lines[0], "2020\tjob0");
    }
}
