//! The tidy test, read off the source as rust-analyzer's are: ripen-core's files import
//! only from their own layer or the layers below it (ARCHITECTURE.md, "Layers"), and no
//! crate's files import each other in a circle.
//!
//! Every path from the crate root counts — `crate::…`, `$crate::…`, `super::…`,
//! `self::…` — in `use` lines, grouped uses and code alike. Comments, strings and
//! `#[cfg(test)]` items do not: a unit test may build its fixtures from any layer.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

/// ripen-core's layers, lowest first: the folder (for `error`, the file) under `src/`. A
/// file may use its own layer and the ones before it; `lib.rs`, which re-exports the API
/// by its old paths, is the crate root and in none.
const CORE_LAYERS: &[&str] = &["values", "model", "state", "log", "error", "read", "decide", "engine", "synthetic"];

/// The crates whose files may not import each other in a circle.
const ACYCLIC_CRATES: &[&str] = &["ripen-core", "ripen-io", "ripen-sync", "ripen-wasm"];

#[test]
fn ripen_core_imports_only_from_its_own_layer_or_below() {
    let violations = upward_imports(&read_crate("ripen-core"));
    let listed: Vec<String> = violations.iter().map(ToString::to_string).collect();
    assert!(listed.is_empty(), "imports from a layer above (see ARCHITECTURE.md, Layers):\n{}", listed.join("\n"));
}

#[test]
fn no_crate_has_files_importing_each_other_in_a_circle() {
    let mut circles = Vec::new();
    for krate in ACYCLIC_CRATES {
        circles.extend(import_circles(&read_crate(krate)).into_iter().map(|circle| format!("{krate}: {circle}")));
    }
    assert!(circles.is_empty(), "files that import each other in a circle:\n{}", circles.join("\n"));
}

#[test]
fn the_checks_catch_what_they_are_for() {
    let layered = sources(&[
        ("values/ids.rs", "use crate::model::client::Client;"),
        ("model/client.rs", "fn f() {\n    let _ = crate::read::view::View::new;\n}"),
        ("state/mod.rs", "use crate::{\n    values::ids::ClientId,\n    engine::{self, Engine},\n};"),
        ("read/policy/check.rs", "use super::super::super::decide::command::Command;"),
        ("read/view.rs", "use crate::Access;\nuse super::policy::Verdict;"),
        ("values/newtype.rs", "macro_rules! m {\n    () => { $crate::engine::Engine };\n}"),
        // An exported macro lives at the crate root, and is of the layer that defines it.
        ("values/clean.rs", "#[macro_export]\nmacro_rules! clean {\n    () => {};\n}"),
        ("model/touch.rs", "use crate::clean;"),
        ("decide/command/mod.rs", "pub(super) fn f() -> crate::error::Error {}"),
        // Not code: nothing here counts but the last line, which points down.
        (
            "log/codec.rs",
            r#"// crate::engine::Engine
/* crate::engine */ const S: &str = "crate::engine::Engine";
const C: char = '"';
fn f<'a>(_: &'a str) {}
#[cfg(test)]
mod tests {
    use crate::engine::Engine;
}
use crate::state::CrmState;"#,
        ),
    ]);
    let upward = upward_imports(&layered);
    let found: Vec<(&str, usize, &str)> =
        upward.iter().map(|v| (v.file.as_str(), v.line, v.to.unwrap_or("no layer"))).collect();
    assert_eq!(
        found,
        [
            ("model/client.rs", 2, "read"),
            ("read/policy/check.rs", 1, "decide"),
            ("read/view.rs", 1, "no layer"),
            ("state/mod.rs", 3, "engine"),
            ("state/mod.rs", 3, "engine"),
            ("values/ids.rs", 1, "model"),
            ("values/newtype.rs", 2, "engine"),
        ]
    );
    assert_eq!(
        upward[0].to_string(),
        "src/model/client.rs:2: `crate::read::view::View::new` reaches up from `model` (1) to `read` (5)"
    );

    let circular = sources(&[
        ("lib.rs", "mod a;\nmod b;\nmod c;"),
        ("a.rs", "use crate::b::B;"),
        ("b.rs", "pub struct B;\nfn f() {\n    crate::a::g();\n}"),
        ("c.rs", "use crate::a;"),
    ]);
    assert_eq!(import_circles(&circular), ["a.rs → b.rs (line 1: `crate::b::B`) → a.rs (line 3: `crate::a::g`)"]);
}

/// One source file: where it is under `src/`, its module path from the crate root, and
/// its text.
struct Source {
    file: String,
    module: Vec<String>,
    text: String,
}

fn sources(files: &[(&str, &str)]) -> Vec<Source> {
    files.iter().map(|(file, text)| source(file, (*text).to_owned())).collect()
}

fn source(file: &str, text: String) -> Source {
    let mut module: Vec<String> = file.trim_end_matches(".rs").split('/').map(str::to_owned).collect();
    if matches!(module.last().map(String::as_str), Some("mod" | "lib" | "main")) {
        module.pop();
    }
    Source { file: file.to_owned(), module, text }
}

/// Every `.rs` file under `crates/<krate>/src`, in path order.
fn read_crate(krate: &str) -> Vec<Source> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<Source>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, root, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let file = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                out.push(source(&file, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(krate).join("src");
    let mut out = Vec::new();
    walk(&root, &root, &mut out);
    assert!(out.len() > 3, "no sources under {}", root.display());
    out
}

/// A path a file names: its line, as written, and its segments from the crate root.
#[derive(Debug)]
struct Reference {
    line: usize,
    written: String,
    absolute: Vec<String>,
}

#[derive(Debug)]
struct Upward {
    file: String,
    line: usize,
    written: String,
    from: &'static str,
    /// `None`: the path names no layer (an item the crate root re-exports).
    to: Option<&'static str>,
}

impl fmt::Display for Upward {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rank = |layer: &str| CORE_LAYERS.iter().position(|l| *l == layer).unwrap_or(usize::MAX);
        let Upward { file, line, written, from, .. } = self;
        match self.to {
            Some(to) => write!(
                f,
                "src/{file}:{line}: `{written}` reaches up from `{from}` ({}) to `{to}` ({})",
                rank(from),
                rank(to)
            ),
            None => {
                write!(f, "src/{file}:{line}: `{written}` names no layer; write the layer's path (`crate::<layer>::…`)")
            }
        }
    }
}

fn upward_imports(sources: &[Source]) -> Vec<Upward> {
    let layer = |name: &str| CORE_LAYERS.iter().copied().find(|l| *l == name);
    let rank = |name: &str| CORE_LAYERS.iter().position(|l| *l == name);
    let macros = exported_macros(sources);
    let mut found = Vec::new();
    for source in sources {
        let Some(from) = source.module.first().and_then(|m| layer(m)) else {
            assert!(source.module.is_empty(), "src/{} lies in no layer: add its folder to CORE_LAYERS", source.file);
            continue;
        };
        for reference in references(source, &macros) {
            let to = reference.absolute.first().and_then(|m| layer(m));
            if to.is_none_or(|to| rank(to) > rank(from)) {
                let (file, line, written) = (source.file.clone(), reference.line, reference.written);
                found.push(Upward { file, line, written, from, to });
            }
        }
    }
    found.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    found
}

/// Every circle of files importing each other, each as the files round it and the
/// reference that leads on from each.
fn import_circles(sources: &[Source]) -> Vec<String> {
    let index: BTreeMap<&[String], usize> = sources.iter().enumerate().map(|(i, s)| (s.module.as_slice(), i)).collect();
    // The file a path lands in: the longest prefix of it that is a file's module.
    let file_of = |path: &[String]| (0..=path.len()).rev().find_map(|n| index.get(&path[..n]).copied());
    let macros = exported_macros(sources);
    let mut edges: Vec<BTreeMap<usize, Reference>> = Vec::new();
    for (i, source) in sources.iter().enumerate() {
        let mut out = BTreeMap::new();
        for reference in references(source, &macros) {
            if let Some(to) = file_of(&reference.absolute).filter(|to| *to != i) {
                out.entry(to).or_insert(reference);
            }
        }
        edges.push(out);
    }
    let mut circles = Vec::new();
    for component in strongly_connected(&edges).into_iter().filter(|c| c.len() > 1) {
        // Walk the circle from its first file, always on to a file of the component not
        // yet seen, then back to the start.
        let start = component[0];
        let (mut at, mut seen, mut text) = (start, vec![start], sources[start].file.clone());
        loop {
            let next = edges[at].iter().find(|(to, _)| component.contains(to) && !seen.contains(to));
            let (to, reference) = match next {
                Some((to, reference)) => (*to, reference),
                None => match edges[at].get(&start) {
                    Some(reference) => (start, reference),
                    None => break,
                },
            };
            text += &format!(" → {} (line {}: `{}`)", sources[to].file, reference.line, reference.written);
            if to == start {
                break;
            }
            seen.push(to);
            at = to;
        }
        if seen.len() < component.len() {
            let rest: Vec<&str> =
                component.iter().filter(|f| !seen.contains(f)).map(|&f| sources[f].file.as_str()).collect();
            text += &format!(" (and through {})", rest.join(", "));
        }
        circles.push(text);
    }
    circles
}

/// Tarjan's algorithm: the strongly connected components of the graph, each sorted.
fn strongly_connected(edges: &[BTreeMap<usize, Reference>]) -> Vec<Vec<usize>> {
    struct Walk<'e> {
        edges: &'e [BTreeMap<usize, Reference>],
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        stack: Vec<usize>,
        on_stack: Vec<bool>,
        next: usize,
        components: Vec<Vec<usize>>,
    }
    impl Walk<'_> {
        fn visit(&mut self, v: usize) {
            self.index[v] = Some(self.next);
            self.low[v] = self.next;
            self.next += 1;
            self.stack.push(v);
            self.on_stack[v] = true;
            for &w in self.edges[v].keys() {
                match self.index[w] {
                    None => {
                        self.visit(w);
                        self.low[v] = self.low[v].min(self.low[w]);
                    }
                    Some(index) if self.on_stack[w] => self.low[v] = self.low[v].min(index),
                    Some(_) => {}
                }
            }
            if Some(self.low[v]) == self.index[v] {
                let mut component = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                component.sort_unstable();
                self.components.push(component);
            }
        }
    }
    let n = edges.len();
    let mut walk = Walk {
        edges,
        index: vec![None; n],
        low: vec![0; n],
        stack: Vec::new(),
        on_stack: vec![false; n],
        next: 0,
        components: Vec::new(),
    };
    for v in 0..n {
        if walk.index[v].is_none() {
            walk.visit(v);
        }
    }
    walk.components.sort();
    walk.components
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Ident(String),
    /// `::`
    Path,
    Punct(char),
}

/// The crate's `#[macro_export]` macros, which live at the crate root (`crate::name`),
/// by the module of the file that defines them.
fn exported_macros(sources: &[Source]) -> BTreeMap<String, Vec<String>> {
    let mut macros = BTreeMap::new();
    for source in sources {
        let tokens: Vec<Token> = tokens(&blank(&source.text)).into_iter().map(|(_, t)| t).collect();
        for window in tokens.windows(7) {
            let word = |i: usize, want: &str| matches!(&window[i], Token::Ident(w) if w == want);
            if word(2, "macro_export") && word(4, "macro_rules") && window[5] == Token::Punct('!') {
                if let Token::Ident(name) = &window[6] {
                    macros.insert(name.clone(), source.module.clone());
                }
            }
        }
    }
    macros
}

/// Every path from the crate root the file names outside its `#[cfg(test)]` items; an
/// exported macro's is read as its defining file's.
fn references(source: &Source, macros: &BTreeMap<String, Vec<String>>) -> Vec<Reference> {
    let tokens = tokens(&blank(&source.text));
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if is_test_attribute(&tokens[i..]) {
            i = skip_item(&tokens, i + 7);
            continue;
        }
        let starts_path = matches!(&tokens[i].1, Token::Ident(word) if matches!(word.as_str(), "crate" | "super" | "self"))
            && tokens.get(i + 1).map(|t| &t.1) == Some(&Token::Path)
            && (i == 0 || tokens[i - 1].1 != Token::Path);
        if !starts_path {
            i += 1;
            continue;
        }
        let mut paths = Vec::new();
        i = path_tree(&tokens, i, Vec::new(), &mut paths);
        for (line, written) in paths {
            if let Some(mut absolute) = absolute(&source.module, &written) {
                if let Some(module) = absolute.first().and_then(|name| macros.get(name)) {
                    absolute.splice(0..0, module.iter().cloned());
                }
                out.push(Reference { line, written: written.join("::"), absolute });
            }
        }
    }
    out
}

/// The path as seen from the crate root; `None` for `self` alone (the file itself).
fn absolute(module: &[String], written: &[String]) -> Option<Vec<String>> {
    let mut segments = written.iter().map(String::as_str).peekable();
    let mut path: Vec<String> = match segments.next()? {
        "crate" => Vec::new(),
        "self" if written.len() == 1 => return None,
        "self" => module.to_vec(),
        _ => module[..module.len().saturating_sub(1)].to_vec(),
    };
    while segments.peek() == Some(&"super") {
        segments.next();
        path.pop();
    }
    path.extend(segments.map(str::to_owned));
    Some(path)
}

/// Reads one path from `start` (a use tree: groups expand to a path each) into `out`,
/// each with the line it ends on; returns the index after it.
fn path_tree(
    tokens: &[(usize, Token)],
    start: usize,
    prefix: Vec<String>,
    out: &mut Vec<(usize, Vec<String>)>,
) -> usize {
    let mut path = prefix;
    let mut i = start;
    let mut line = tokens.get(start).map_or(0, |t| t.0);
    loop {
        match tokens.get(i) {
            Some((at, Token::Ident(word))) if word == "self" && !path.is_empty() => {
                line = *at;
                i += 1;
            }
            Some((at, Token::Ident(word))) => {
                path.push(word.clone());
                line = *at;
                i += 1;
            }
            Some((_, Token::Punct('{'))) => {
                i += 1;
                while let Some(token) = tokens.get(i).map(|t| &t.1) {
                    match token {
                        Token::Punct('}') => return i + 1,
                        Token::Punct(',') => i += 1,
                        _ => i = path_tree(tokens, i, path.clone(), out),
                    }
                }
                return i;
            }
            _ => break,
        }
        if tokens.get(i).map(|t| &t.1) == Some(&Token::Path)
            && matches!(tokens.get(i + 1).map(|t| &t.1), Some(Token::Ident(_) | Token::Punct('{')))
        {
            i += 1;
        } else {
            break;
        }
    }
    out.push((line, path));
    // Whatever ends the path (`;`, `as x`, `*`, a call) is left to the caller.
    i
}

/// `#[cfg(test)]`: the 7 tokens that start an item tests alone compile.
fn is_test_attribute(tokens: &[(usize, Token)]) -> bool {
    let expected = ["#", "[", "cfg", "(", "test", ")", "]"];
    tokens.len() >= expected.len()
        && tokens.iter().zip(expected).all(|((_, token), want)| match token {
            Token::Ident(word) => word == want,
            Token::Punct(c) => want.len() == 1 && want.starts_with(*c),
            Token::Path => false,
        })
}

/// The index after the item starting at `start`: up to its `;` or its closing brace.
fn skip_item(tokens: &[(usize, Token)], start: usize) -> usize {
    let mut depth = 0usize;
    for (i, (_, token)) in tokens.iter().enumerate().skip(start) {
        match token {
            Token::Punct('{') => depth += 1,
            Token::Punct('}') => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            Token::Punct(';') if depth == 0 => return i + 1,
            _ => {}
        }
    }
    tokens.len()
}

/// Identifiers, `::` and single punctuation, each with its line (counted from 1).
fn tokens(text: &str) -> Vec<(usize, Token)> {
    let chars: Vec<char> = text.chars().collect();
    let (mut out, mut line, mut i) = (Vec::new(), 1, 0);
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push((line, Token::Ident(chars[start..i].iter().collect())));
        } else if c == ':' && chars.get(i + 1) == Some(&':') {
            out.push((line, Token::Path));
            i += 2;
        } else {
            out.push((line, Token::Punct(c)));
            i += 1;
        }
    }
    out
}

/// The text with every comment, string and character literal blanked out (newlines
/// kept, so lines still count), so that only code is left to read paths from.
fn blank(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<char> = chars.clone();
    let blank_range = |out: &mut Vec<char>, from: usize, to: usize| {
        for c in &mut out[from..to.min(chars.len())] {
            if *c != '\n' {
                *c = ' ';
            }
        }
    };
    let ident = |c: Option<&char>| c.is_some_and(|c| c.is_alphanumeric() || *c == '_');
    let mut i = 0;
    while i < chars.len() {
        let next = chars.get(i + 1).copied();
        if chars[i] == '/' && next == Some('/') {
            let end = (i..chars.len()).find(|&j| chars[j] == '\n').unwrap_or(chars.len());
            blank_range(&mut out, i, end);
            i = end;
        } else if chars[i] == '/' && next == Some('*') {
            let (mut depth, mut j) = (0usize, i);
            while j < chars.len() {
                if chars[j] == '/' && chars.get(j + 1) == Some(&'*') {
                    depth += 1;
                    j += 2;
                } else if chars[j] == '*' && chars.get(j + 1) == Some(&'/') {
                    depth -= 1;
                    j += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    j += 1;
                }
            }
            blank_range(&mut out, i, j);
            i = j;
        } else if (chars[i] == 'r' || (chars[i] == 'b' && next == Some('r')))
            && !ident(i.checked_sub(1).and_then(|p| chars.get(p)))
            && {
                let hashes_from = if chars[i] == 'b' { i + 2 } else { i + 1 };
                let hashes = chars[hashes_from..].iter().take_while(|c| **c == '#').count();
                chars.get(hashes_from + hashes) == Some(&'"')
            }
        {
            // A raw string: r"…", r#"…"#, br"…".
            let hashes_from = if chars[i] == 'b' { i + 2 } else { i + 1 };
            let hashes = chars[hashes_from..].iter().take_while(|c| **c == '#').count();
            let body = hashes_from + hashes + 1;
            let closing: Vec<char> = std::iter::once('"').chain(std::iter::repeat_n('#', hashes)).collect();
            let end = (body..chars.len())
                .find(|&j| chars[j..].starts_with(&closing))
                .map_or(chars.len(), |j| j + closing.len());
            blank_range(&mut out, i, end);
            i = end;
        } else if chars[i] == '"' {
            let mut j = i + 1;
            while j < chars.len() && chars[j] != '"' {
                j += if chars[j] == '\\' { 2 } else { 1 };
            }
            blank_range(&mut out, i, j + 1);
            i = j + 1;
        } else if chars[i] == '\'' && next == Some('\\') {
            // An escaped character: '\n', '\'', '\u{7f}'.
            let end = (i + 3..chars.len()).find(|&j| chars[j] == '\'').map_or(chars.len(), |j| j + 1);
            blank_range(&mut out, i, end);
            i = end;
        } else if chars[i] == '\'' && chars.get(i + 2) == Some(&'\'') {
            blank_range(&mut out, i, i + 3);
            i += 3;
        } else {
            // Anything else, a lifetime's quote included, is code.
            i += 1;
        }
    }
    out.into_iter().collect()
}
