//! The import graph of `src/` (file to file, through `crate::…` and `super::…` paths) has no circle.
//! A module path maps to its file (`a/b.rs` or `a/b/mod.rs`; the longest prefix that is a file, so
//! items and inline modules map to the file that holds them). `src/main.rs` is the binary and is left
//! out. Relative references from a `mod.rs` to its own children are not edges: a parent declaring
//! and registering its children is how Rust modules are built.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Graph = BTreeMap<String, BTreeSet<String>>;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `a/b/mod.rs` and `a/b.rs` are module `a::b`; `lib.rs` is the crate root.
fn module_of(rel: &str) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .trim_end_matches(".rs")
        .split('/')
        .map(str::to_owned)
        .collect();
    if parts.last().is_some_and(|p| p == "mod") || parts == ["lib"] {
        parts.pop();
    }
    parts
}

/// Source without comments and string contents, so that neither yields paths.
fn strip(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let mut chars = src.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for n in chars.by_ref() {
                    if n == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                let mut prev = ' ';
                for n in chars.by_ref() {
                    if prev == '*' && n == '/' {
                        break;
                    }
                    prev = n;
                }
            }
            '"' => {
                out.push('"');
                while let Some(n) = chars.next() {
                    if n == '\\' {
                        chars.next();
                    } else if n == '"' {
                        break;
                    }
                }
                out.push('"');
            }
            c => out.push(c),
        }
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Parses a path or use tree at `s[i..]` under `prefix` (`a::{b, c::d as e}`, `*`, `self`), adding
/// every full path to `out`; returns where it stopped.
fn parse_tree(s: &[char], mut i: usize, prefix: Vec<String>, out: &mut Vec<Vec<String>>) -> usize {
    let skip_ws = |i: &mut usize| {
        while *i < s.len() && s[*i].is_whitespace() {
            *i += 1;
        }
    };
    let mut path = prefix;
    loop {
        skip_ws(&mut i);
        if i < s.len() && s[i] == '{' {
            i += 1;
            loop {
                while i < s.len() && (s[i].is_whitespace() || s[i] == ',') {
                    i += 1;
                }
                if i >= s.len() {
                    return i;
                }
                if s[i] == '}' {
                    return i + 1;
                }
                let before = i;
                i = parse_tree(s, i, path.clone(), out);
                if i == before {
                    i += 1;
                }
            }
        }
        let start = i;
        if i < s.len() && s[i] == '*' {
            out.push(path);
            return i + 1;
        }
        while i < s.len() && is_ident(s[i]) {
            i += 1;
        }
        if i == start {
            out.push(path);
            return i;
        }
        let seg: String = s[start..i].iter().collect();
        if seg != "self" {
            path.push(seg);
        }
        let mut j = i;
        skip_ws(&mut j);
        if j + 1 < s.len() && s[j] == ':' && s[j + 1] == ':' {
            i = j + 2;
            continue;
        }
        out.push(path);
        return i;
    }
}

/// Every `crate::…` and `super::…` path in `src`, as a full module path.
fn paths_in(src: &str, module: &[String]) -> Vec<Vec<String>> {
    let s: Vec<char> = strip(src).chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let boundary = i == 0 || !(is_ident(s[i - 1]) || s[i - 1] == '$' || s[i - 1] == ':');
        let at = |word: &str| {
            let w: Vec<char> = word.chars().collect();
            s.len() >= i + w.len() && s[i..i + w.len()] == w[..]
        };
        if boundary && at("crate::") {
            i = parse_tree(&s, i + 7, Vec::new(), &mut out);
        } else if boundary && at("super::") {
            // `super::super::x` climbs once per `super`.
            let mut base = module.to_vec();
            let mut j = i;
            while s.len() >= j + 7 && s[j..j + 7].iter().collect::<String>() == "super::" {
                base.pop();
                j += 7;
            }
            i = parse_tree(&s, j, base, &mut out);
        } else {
            i += 1;
        }
    }
    out
}

fn graph(src_dir: &Path) -> Graph {
    let mut files = Vec::new();
    rust_files(src_dir, &mut files);
    let mut modules: BTreeMap<Vec<String>, String> = BTreeMap::new();
    let mut sources = Vec::new();
    for f in &files {
        let rel = f
            .strip_prefix(src_dir)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        if rel == "main.rs" {
            continue;
        }
        modules.insert(module_of(&rel), rel.clone());
        sources.push((rel, std::fs::read_to_string(f).unwrap_or_default()));
    }
    let resolve = |path: &[String]| {
        (0..=path.len())
            .rev()
            .find_map(|k| modules.get(&path[..k]).cloned())
    };
    let mut g = Graph::new();
    for (rel, src) in &sources {
        let module = module_of(rel);
        // `super` in `a/b/mod.rs` (module a::b) is `a`; in `a/b.rs` too.
        let edges = g.entry(rel.clone()).or_default();
        for p in paths_in(src, &module) {
            if let Some(target) = resolve(&p) {
                if &target != rel {
                    edges.insert(target);
                }
            }
        }
    }
    g
}

/// One circle of `g`, if any (depth-first search; the circle is listed from where it closes).
fn find_cycle(g: &Graph) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    fn visit(
        g: &Graph,
        v: &str,
        marks: &mut BTreeMap<String, Mark>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        marks.insert(v.to_owned(), Mark::Open);
        stack.push(v.to_owned());
        for w in g.get(v).into_iter().flatten() {
            match marks.get(w).copied().unwrap_or(Mark::New) {
                Mark::Open => {
                    let from = stack.iter().position(|x| x == w).unwrap_or(0);
                    let mut cycle = stack[from..].to_vec();
                    cycle.push(w.clone());
                    return Some(cycle);
                }
                Mark::New => {
                    if let Some(c) = visit(g, w, marks, stack) {
                        return Some(c);
                    }
                }
                Mark::Done => {}
            }
        }
        stack.pop();
        marks.insert(v.to_owned(), Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    for v in g.keys() {
        if marks.get(v).copied().unwrap_or(Mark::New) == Mark::New {
            if let Some(c) = visit(g, v, &mut marks, &mut Vec::new()) {
                return Some(c);
            }
        }
    }
    None
}

/// The files of `g` that import any file under `layer/` (or `layer.rs`).
fn importers_of(g: &Graph, from: &str, layer: &str) -> Vec<String> {
    g.iter()
        .filter(|(f, _)| f.starts_with(from))
        .flat_map(|(f, to)| {
            to.iter()
                .filter(|t| t.starts_with(&format!("{layer}/")) || *t == &format!("{layer}.rs"))
                .map(move |t| format!("{f} -> {t}"))
        })
        .collect()
}

#[test]
fn the_import_graph_of_src_has_no_circle() {
    let g = graph(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    assert!(g.len() > 50, "src/ was not read: {} files", g.len());
    if let Some(cycle) = find_cycle(&g) {
        panic!("import circle in src/: {}", cycle.join(" -> "));
    }
}

#[test]
fn the_domain_imports_no_outer_layer() {
    let g = graph(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    let mut bad = Vec::new();
    for layer in ["store", "api", "search", "jobs", "mail", "service"] {
        bad.extend(importers_of(&g, "domain/", layer));
    }
    assert!(bad.is_empty(), "domain imports outer layers: {bad:#?}");
}

#[test]
fn the_parser_sees_use_trees_super_and_inline_paths() {
    let module = vec!["api".to_owned(), "needs".to_owned(), "create".to_owned()];
    let src = r#"
        use crate::store::{audit, needs::{self, Need}};
        use super::views::view; // crate::not::this
        let s = "crate::nor::this";
        crate::mail::notify::need_reviewed(conn);
        pub(crate) fn f() {}
    "#;
    let paths: Vec<String> = paths_in(src, &module)
        .into_iter()
        .map(|p| p.join("::"))
        .collect();
    assert_eq!(
        paths,
        [
            "store::audit",
            "store::needs",
            "store::needs::Need",
            "api::needs::views::view",
            "mail::notify::need_reviewed",
        ]
    );
    let mut g = Graph::new();
    g.entry("a.rs".into()).or_default().insert("b.rs".into());
    g.entry("b.rs".into()).or_default().insert("c.rs".into());
    assert_eq!(find_cycle(&g), None);
    g.entry("c.rs".into()).or_default().insert("a.rs".into());
    assert_eq!(
        find_cycle(&g).map(|c| c.join(" -> ")),
        Some("a.rs -> b.rs -> c.rs -> a.rs".to_owned())
    );
}
