//! Compiles the shipped knowledge base (`kb/*.md`) into the library: writes
//! `$OUT_DIR/builtin_kb.rs` with one `include_str!` per file, sorted by name. The folder's
//! `README.md` describes the folder and is not guidance, so it is left out.

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let kb = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?).join("kb");
    println!("cargo:rerun-if-changed={}", kb.display());
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&kb) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
            .filter(|p| p.file_name().is_some_and(|n| n != "README.md"))
            .collect(),
        Err(_) => Vec::new(),
    };
    files.sort();
    let mut out = String::from("/// The shipped knowledge base: `(file name, Markdown)`, sorted by name.\npub static BUILTIN_KB: &[(&str, &str)] = &[\n");
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let name = f
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or("bad file name")?;
        out.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            f.display().to_string()
        ));
    }
    out.push_str("];\n");
    std::fs::write(
        PathBuf::from(std::env::var("OUT_DIR")?).join("builtin_kb.rs"),
        out,
    )?;
    Ok(())
}
