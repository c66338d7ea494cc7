//! Brotli and gzip for what a browser downloads: the package's large files compressed
//! once at build time (`X.br` and `X.gz` beside `X`, as static hosts serve them), the rest
//! on request.

use crate::Result;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// What the build compresses ahead of time: the files that are big enough for the best
/// (slow) setting to matter.
const AHEAD: [&str; 5] = [
    "ripen_wasm_bg.wasm",
    "ripen_wasm.js",
    "reader/ripen_reader_bg.wasm",
    "sheets/ripen_sheets_bg.wasm",
    "zxing/reader/zxing_reader.wasm",
];

/// Writes `X.br` for the package's large files in `pkg`. The best setting takes most of
/// a minute for the wasm, so a file rebuilt with the same bytes keeps its compression
/// (rewritten, to be newer than the file; `.X.br.source` remembers what it was made from).
pub(crate) fn precompress(pkg: &Path) -> Result<()> {
    for file in AHEAD {
        let path = pkg.join(file);
        let (dir, name) = file.rsplit_once('/').map_or((pkg.to_path_buf(), file), |(dir, name)| (pkg.join(dir), name));
        let bytes = std::fs::read(&path)?;
        let source = format!("{:016x}", crate::process::fnv1a(&bytes, crate::process::FNV_OFFSET));
        let remembered = dir.join(format!(".{name}.br.source"));
        let packed = match std::fs::read(beside(&path)) {
            Ok(packed) if std::fs::read_to_string(&remembered).is_ok_and(|s| s == source) => packed,
            _ => brotli(&bytes, 11),
        };
        std::fs::write(beside(&path), packed)?;
        std::fs::write(gzip_beside(&path), gzip(&bytes, 9))?;
        std::fs::write(remembered, source)?;
    }
    Ok(())
}

/// `X.br` for `X`.
pub(crate) fn beside(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".br");
    PathBuf::from(name)
}

/// `X.gz` for `X`.
pub(crate) fn gzip_beside(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".gz");
    PathBuf::from(name)
}

/// `bytes` gzip-compressed at `level` (0–9).
pub(crate) fn gzip(bytes: &[u8], level: u32) -> Vec<u8> {
    let mut encoder =
        flate2::write::GzEncoder::new(Vec::with_capacity(bytes.len() / 3), flate2::Compression::new(level));
    // Writing to memory cannot fail.
    encoder.write_all(bytes).expect("compressing in memory");
    encoder.finish().expect("compressing in memory")
}

/// `X.br` if it was made from `X` as it is now (written after it), else nothing: a file
/// rebuilt since must not be served from an old compression.
pub(crate) fn fresh_precompressed(path: &Path) -> Option<Vec<u8>> {
    fresh(path, &beside(path))
}

/// `X.gz`, on the same terms as [`fresh_precompressed`].
pub(crate) fn fresh_gzipped(path: &Path) -> Option<Vec<u8>> {
    fresh(path, &gzip_beside(path))
}

fn fresh(path: &Path, packed: &Path) -> Option<Vec<u8>> {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    (modified(packed)? >= modified(path)?).then(|| std::fs::read(packed).ok()).flatten()
}

/// `bytes` brotli-compressed at `quality` (0–11), with a window for files of a few MiB.
pub(crate) fn brotli(bytes: &[u8], quality: u32) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() / 3);
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 64 * 1024, quality, 22);
        // Writing to memory cannot fail.
        writer.write_all(bytes).expect("compressing in memory");
    }
    out
}

/// Whether a text file is worth compressing on request (images are compressed already).
pub(crate) fn worth_it(content_type: &str) -> bool {
    content_type.starts_with("text/") || content_type.contains("json") || content_type.contains("svg")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_compressed_comes_back_whole() {
        let text = "Ripen ".repeat(10_000);
        let packed = brotli(text.as_bytes(), 5);
        assert!(packed.len() < text.len() / 50);
        let mut back = Vec::new();
        brotli::BrotliDecompress(&mut &packed[..], &mut back).unwrap();
        assert_eq!(back, text.as_bytes());
    }

    #[test]
    fn what_is_gzipped_comes_back_whole() {
        use std::io::Read as _;
        let text = "Ripen ".repeat(10_000);
        let packed = gzip(text.as_bytes(), 9);
        assert!(packed.len() < text.len() / 50);
        let mut back = Vec::new();
        flate2::read::GzDecoder::new(&packed[..]).read_to_end(&mut back).unwrap();
        assert_eq!(back, text.as_bytes());
    }

    #[test]
    fn an_older_compression_is_not_served() {
        let dir = std::env::temp_dir().join(format!("ripen-br-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("a.js");
        std::fs::write(beside(&file), brotli(b"old", 5)).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&file, b"new").unwrap();
        assert!(fresh_precompressed(&file).is_none(), "the file changed after it was compressed");
        std::fs::write(beside(&file), brotli(b"new", 5)).unwrap();
        assert!(fresh_precompressed(&file).is_some());
        std::fs::remove_dir_all(dir).unwrap();
    }
}
