//! The shape of the code, checked: no file over 500 lines, and no import circle among the
//! modules of `src/`.
//!
//! The circle check reads each file's `crate::`, `super::`, `self::` and child-module paths
//! (in `use` lines and in code alike) with a small scanner of its own, resolves each path to the
//! module file it names, and looks for strongly connected groups. A private submodule (`mod x;`)
//! is part of its parent: no one outside the parent can name it, so it is the parent's file split
//! by subject, and a path between them is not an edge. A public one (`pub mod x;`,
//! `pub(crate) mod x;`) is a module of its own that others import, so it must not lean on its
//! parent while the parent leans on it.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

#[path = "architecture/scan.rs"]
mod scan;

use scan::{blank, declared_modules, inline_module, paths_in_line};

const MAX_LINES: usize = 500;

#[test]
fn no_file_is_over_500_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut long = Vec::new();
    for dir in ["src", "tests", "benches", "examples"] {
        for file in rust_files(&root.join(dir)) {
            let lines = fs::read_to_string(&file).expect("read").lines().count();
            if lines > MAX_LINES {
                long.push(format!("{} ({lines} lines)", file.display()));
            }
        }
    }
    assert!(long.is_empty(), "over {MAX_LINES} lines: {long:#?}");
}

#[test]
fn no_import_circle_among_the_modules_of_src() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let circles = circles(&src);
    assert!(
        circles.is_empty(),
        "import circles:\n{}",
        circles.join("\n")
    );
}

#[test]
fn the_circle_check_finds_a_circle_and_passes_a_tree_without_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let src = dir.path();
    let write = |path: &str, text: &str| {
        let path = src.join(path);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, text).expect("write");
    };
    write("lib.rs", "pub mod a;\npub mod b;\nmod c;\n");
    write("a.rs", "use crate::b::Thing;\npub struct A;\n");
    write(
        "b.rs",
        "pub struct Thing;\nfn f() { let _ = crate::c::g(); }\n",
    );
    write("c.rs", "pub fn g() {}\n");
    assert!(circles(src).is_empty(), "{:?}", circles(src));

    // b now leans on a, which leans on b: a circle, named with the lines that make it.
    write(
        "b.rs",
        "pub struct Thing;\nfn f() {\n    let _ = crate::a::A;\n}\n",
    );
    let found = circles(src);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("a.rs:1") && found[0].contains("b.rs:3"),
        "{found:?}"
    );

    // A public child leaning on its parent while the parent uses it is a circle too; an inline
    // test module's `super::` is the file itself, not its parent.
    write("b.rs", "pub struct Thing;\n");
    write(
        "a.rs",
        "pub mod kid;\npub struct A;\nfn f() { kid::k(); }\n",
    );
    write(
        "a/kid.rs",
        "pub fn k() {}\n#[cfg(test)]\nmod tests {\n    use super::k;\n}\n",
    );
    assert!(circles(src).is_empty(), "{:?}", circles(src));
    write("a/kid.rs", "pub fn k() { let _ = super::A; }\n");
    assert_eq!(circles(src).len(), 1, "{:?}", circles(src));
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// A module file: its path in the crate (`["session", "store"]`), its file, its submodules
/// (name → public), and its text with comments and literals blanked.
struct Module {
    path: Vec<String>,
    file: PathBuf,
    children: BTreeMap<String, bool>,
    code: String,
}

/// The library's modules, from `lib.rs` down its `mod` declarations.
fn modules(src: &Path) -> Vec<Module> {
    let mut out = Vec::new();
    let mut todo = vec![(Vec::<String>::new(), src.join("lib.rs"))];
    while let Some((path, file)) = todo.pop() {
        let Ok(text) = fs::read_to_string(&file) else {
            continue;
        };
        let code = blank(&text);
        let children = declared_modules(&code);
        // Where a child's file lives: beside `lib.rs`/`mod.rs`, else in a folder named as this.
        let base = if path.is_empty() || file.ends_with("mod.rs") {
            file.parent().expect("parent").to_path_buf()
        } else {
            file.with_extension("")
        };
        for name in children.keys() {
            let flat = base.join(format!("{name}.rs"));
            let nested = base.join(name).join("mod.rs");
            let child = if flat.exists() { flat } else { nested };
            let mut child_path = path.clone();
            child_path.push(name.clone());
            todo.push((child_path, child));
        }
        out.push(Module {
            path,
            file,
            children,
            code,
        });
    }
    out
}

/// Every path in the module's code, as (line, path relative to the crate root).
fn paths(module: &Module) -> Vec<(usize, Vec<String>)> {
    let mut out = Vec::new();
    // Where an inline module (`mod tests {`) starts and at which brace depth it ends.
    let mut inline: Vec<(String, i32)> = Vec::new();
    let mut depth = 0i32;
    for (n, line) in module.code.lines().enumerate() {
        let here: Vec<String> = module
            .path
            .iter()
            .cloned()
            .chain(inline.iter().map(|(name, _)| name.clone()))
            .collect();
        let trimmed = line.trim_start();
        // Child modules are named from the file's own level, not from inside an inline module.
        let no_children = BTreeMap::new();
        let children = if inline.is_empty() {
            &module.children
        } else {
            &no_children
        };
        for path in paths_in_line(line) {
            if let Some(abs) = resolve(&here, &path, children) {
                out.push((n + 1, abs));
            }
        }
        if let Some(name) = inline_module(trimmed) {
            inline.push((name, depth));
        }
        for c in line.chars() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if inline.last().is_some_and(|(_, d)| *d == depth) {
                        inline.pop();
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// A path as the crate root sees it, or None when it leaves the crate (`std::`, a dependency,
/// a local name).
fn resolve(
    here: &[String],
    path: &[String],
    children: &BTreeMap<String, bool>,
) -> Option<Vec<String>> {
    let mut base: Vec<String> = here.to_vec();
    let mut rest = path;
    match path[0].as_str() {
        "crate" => {
            base.clear();
            rest = &path[1..];
        }
        "self" => rest = &path[1..],
        "super" => {
            while rest.first().is_some_and(|s| s == "super") {
                base.pop()?;
                rest = &rest[1..];
            }
        }
        // A child module named in a `use` or in code (`store::read(…)`), seen from its parent
        // (only at the module's own level, not inside an inline module).
        first if children.contains_key(first) => {}
        _ => return None,
    }
    Some(base.into_iter().chain(rest.iter().cloned()).collect())
}

/// The import circles among the crate's module units, each with the lines that make it.
fn circles(src: &Path) -> Vec<String> {
    let modules = modules(src);
    let known: BTreeMap<Vec<String>, &Module> =
        modules.iter().map(|m| (m.path.clone(), m)).collect();
    // A unit: the nearest module up the tree that is public or sits at the crate's top level
    // (a private top-level module is used crate-wide).
    let unit = |path: &[String]| -> Vec<String> {
        let mut path = path.to_vec();
        while path.len() > 1 {
            let last = path[path.len() - 1].clone();
            let parent = &path[..path.len() - 1];
            match known.get(parent) {
                Some(p) if p.children.get(&last) == Some(&false) => {
                    path.pop();
                }
                _ => break,
            }
        }
        path
    };
    // The module a path names: its longest prefix that is a module.
    let target = |path: &[String]| -> Option<Vec<String>> {
        (0..=path.len())
            .rev()
            .map(|n| path[..n].to_vec())
            .find(|p| known.contains_key(p))
    };
    let mut edges: BTreeMap<Vec<String>, BTreeMap<Vec<String>, String>> = BTreeMap::new();
    for m in &modules {
        let from = unit(&m.path);
        edges.entry(from.clone()).or_default();
        for (line, path) in paths(m) {
            let Some(to) = target(&path).map(|t| unit(&t)) else {
                continue;
            };
            // A unit leaning on its own ancestor or descendant through a private path is inside.
            if to != from {
                let src_name = m
                    .file
                    .strip_prefix(src)
                    .unwrap_or(&m.file)
                    .display()
                    .to_string();
                edges
                    .entry(from.clone())
                    .or_default()
                    .entry(to)
                    .or_insert(format!("{src_name}:{line}"));
            }
        }
    }
    strongly_connected(&edges)
        .into_iter()
        .filter(|group| group.len() > 1)
        .map(|group| {
            let members: BTreeSet<_> = group.iter().cloned().collect();
            let mut lines = Vec::new();
            for from in &group {
                for (to, at) in &edges[from] {
                    if members.contains(to) {
                        lines.push(format!("  {} → {} ({at})", name(from), name(to)));
                    }
                }
            }
            format!(
                "{}:\n{}",
                group
                    .iter()
                    .map(|g| name(g))
                    .collect::<Vec<_>>()
                    .join(" ↔ "),
                lines.join("\n")
            )
        })
        .collect()
}

fn name(path: &[String]) -> String {
    if path.is_empty() {
        "crate".into()
    } else {
        path.join("::")
    }
}

/// Tarjan's strongly connected components.
fn strongly_connected(
    edges: &BTreeMap<Vec<String>, BTreeMap<Vec<String>, String>>,
) -> Vec<Vec<Vec<String>>> {
    struct State<'a> {
        edges: &'a BTreeMap<Vec<String>, BTreeMap<Vec<String>, String>>,
        index: BTreeMap<&'a Vec<String>, usize>,
        low: BTreeMap<&'a Vec<String>, usize>,
        stack: Vec<&'a Vec<String>>,
        on_stack: BTreeSet<&'a Vec<String>>,
        out: Vec<Vec<Vec<String>>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a Vec<String>) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on_stack.insert(v);
        let edges = s.edges;
        for w in edges.get(v).into_iter().flat_map(|m| m.keys()) {
            if !s.index.contains_key(w) {
                if !edges.contains_key(w) {
                    continue;
                }
                visit(s, w);
                let low = s.low[w].min(s.low[v]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.index[w].min(s.low[v]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut group = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                group.push(w.clone());
                if w == v {
                    break;
                }
            }
            group.sort();
            s.out.push(group);
        }
    }
    let mut state = State {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in edges.keys() {
        if !state.index.contains_key(v) {
            visit(&mut state, v);
        }
    }
    state.out
}
