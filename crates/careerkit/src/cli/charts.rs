//! Charts for people who would rather look than read: the Vega-Lite specs careerkit-core builds
//! (for a front end to render as is) and the same charts drawn to SVG with plotters.

use std::path::{Path, PathBuf};

use anyhow::Context;
use plotters::prelude::*;

use careerkit::analysis::{chart, GapAnalysis, MatchStatus};

const GREEN: RGBColor = RGBColor(46, 160, 67);
const AMBER: RGBColor = RGBColor(227, 160, 8);
const RED: RGBColor = RGBColor(207, 34, 46);
const GREY: RGBColor = RGBColor(208, 215, 222);

/// Writes `score_breakdown` and `skills_coverage` as `.vl.json` and `.svg` into `dir`.
pub fn write_charts(gap: &GapAnalysis, dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut written = Vec::new();
    for (name, spec, svg) in [
        (
            "score_breakdown",
            chart::score_breakdown(gap),
            score_svg(gap)?,
        ),
        (
            "skills_coverage",
            chart::skills_coverage(gap),
            skills_svg(gap)?,
        ),
    ] {
        let json_path = dir.join(format!("{name}.vl.json"));
        std::fs::write(&json_path, serde_json::to_string_pretty(&spec)?)?;
        let svg_path = dir.join(format!("{name}.svg"));
        std::fs::write(&svg_path, svg)?;
        written.extend([json_path, svg_path]);
    }
    Ok(written)
}

/// One bar per factor: its points (green) over its weight (grey).
fn score_svg(gap: &GapAnalysis) -> anyhow::Result<String> {
    let bars: Vec<Bar> = gap
        .factors
        .iter()
        .map(|f| Bar {
            label: f.label.clone(),
            possible: f.weight,
            earned: f.points,
            colour: GREEN,
        })
        .collect();
    let caption = format!("Match score {:.1} / 100: points by factor", gap.score);
    bar_chart(&caption, "points", &bars, 36)
}

/// One bar per asked-for skill, coloured by status, over the points it can give.
fn skills_svg(gap: &GapAnalysis) -> anyhow::Result<String> {
    let bars: Vec<Bar> = gap
        .matched
        .iter()
        .chain(&gap.partial)
        .chain(&gap.missing)
        .map(|s| {
            let colour = match s.status {
                MatchStatus::Matched => GREEN,
                MatchStatus::Partial => AMBER,
                MatchStatus::Missing => RED,
            };
            // A missing skill shows its whole possible bar in red: that is what is at stake.
            let earned = if s.status == MatchStatus::Missing {
                s.max_points
            } else {
                s.points
            };
            Bar {
                label: s.name.clone(),
                possible: s.max_points,
                earned,
                colour,
            }
        })
        .collect();
    let caption = "Skills asked for: matched (green), partial (amber), missing (red)";
    bar_chart(caption, "points", &bars, 26)
}

/// A horizontal bar: `earned` drawn in `colour` over `possible` in grey.
struct Bar {
    label: String,
    possible: f64,
    earned: f64,
    colour: RGBColor,
}

fn bar_chart(caption: &str, x_desc: &str, bars: &[Bar], row_height: u32) -> anyhow::Result<String> {
    let rows = bars.len().max(1);
    let max = bars
        .iter()
        .map(|b| b.possible.max(b.earned))
        .fold(1.0, f64::max);
    let mut svg = String::new();
    {
        let size = (720, 60 + row_height * rows as u32);
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        root.fill(&WHITE).map_err(draw_error)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(caption, ("sans-serif", 18))
            .margin(12)
            .x_label_area_size(28)
            .y_label_area_size(170)
            .build_cartesian_2d(0.0..max * 1.05, (0..rows).into_segmented())
            .map_err(draw_error)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) => {
                    bars.get(*i).map(|b| b.label.clone()).unwrap_or_default()
                }
                _ => String::new(),
            })
            .x_desc(x_desc)
            .draw()
            .map_err(draw_error)?;
        let rectangles = bars.iter().enumerate().flat_map(|(i, b)| {
            let row = || (SegmentValue::Exact(i), SegmentValue::Exact(i + 1));
            let (top, bottom) = row();
            let (top2, bottom2) = row();
            [
                Rectangle::new([(0.0, top), (b.possible, bottom)], GREY.filled()),
                Rectangle::new([(0.0, top2), (b.earned, bottom2)], b.colour.filled()),
            ]
        });
        chart.draw_series(rectangles).map_err(draw_error)?;
        root.present().map_err(draw_error)?;
    }
    Ok(svg)
}

fn draw_error<E: std::fmt::Debug>(e: E) -> anyhow::Error {
    anyhow::anyhow!("drawing a chart failed: {e:?}")
}
