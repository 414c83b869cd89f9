//! Turning a file's bytes into text: encoding detection and the binary-file check.

use std::borrow::Cow;

/// Why `bytes` are not an article at all (empty, or a binary format), or `None` for text.
pub(super) fn binary_reason(bytes: &[u8]) -> Option<String> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Some("empty file".to_string());
    }
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"%PDF", "PDF document"),
        (b"\x89PNG", "PNG image"),
        (b"\xff\xd8\xff", "JPEG image"),
        (b"GIF8", "GIF image"),
        (b"PK\x03\x04", "ZIP archive"),
        (b"\x1f\x8b", "gzip archive"),
        (b"\x7fELF", "executable"),
        (b"MZ\x90\x00", "executable"),
        (b"BZh", "bzip2 archive"),
        (b"\xfd7zXZ", "xz archive"),
        (b"7z\xbc\xaf", "7z archive"),
        (b"RIFF", "media file"),
        (b"\x00\x00\x00", "binary file"),
    ];
    for (magic, kind) in SIGNATURES {
        if bytes.starts_with(magic) {
            return Some(format!("not an article: {kind}"));
        }
    }
    // UTF-16 text is full of NULs, so the NUL test only applies without its byte-order mark.
    let utf16 = bytes.starts_with(b"\xff\xfe") || bytes.starts_with(b"\xfe\xff");
    let sample = &bytes[..bytes.len().min(8192)];
    if !utf16 && sample.contains(&0) {
        return Some("not an article: binary file".to_string());
    }
    None
}

/// Decodes text: UTF-8 (with or without BOM), UTF-16 with a BOM, and otherwise Windows-1252,
/// the usual encoding of older scraped pages. Invalid UTF-8 sequences in mostly-UTF-8 text are
/// replaced rather than making the whole file Windows-1252.
pub(super) fn to_text(bytes: &[u8]) -> Cow<'_, str> {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return text;
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) if looks_mostly_utf8(bytes) => String::from_utf8_lossy(bytes),
        Err(_) => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
        }
    }
}

/// True when the text has valid multi-byte UTF-8 sequences, so its bad bytes are damage
/// rather than a sign of a single-byte encoding.
fn looks_mostly_utf8(bytes: &[u8]) -> bool {
    let mut valid_multibyte = 0usize;
    let mut invalid = 0usize;
    for chunk in bytes.utf8_chunks() {
        valid_multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            invalid += 1;
        }
    }
    valid_multibyte > invalid
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_binary_and_empty_files() {
        assert_eq!(binary_reason(b"  \n"), Some("empty file".into()));
        assert!(binary_reason(b"%PDF-1.4 ...").unwrap().contains("PDF"));
        assert!(binary_reason(b"text\0with nul").is_some());
        assert_eq!(binary_reason(b"A plain headline\n\nBody."), None);
        assert_eq!(binary_reason(b"\xff\xfeA\0B\0"), None);
    }

    #[test]
    fn decodes_common_encodings() {
        assert_eq!(to_text("Zürich".as_bytes()), "Zürich");
        assert_eq!(to_text(b"\xef\xbb\xbfHello"), "Hello");
        assert_eq!(to_text(b"\xff\xfeH\0i\0"), "Hi");
        // Windows-1252: pound sign and e-acute.
        assert_eq!(to_text(b"\xa310 caf\xe9"), "£10 café");
        // Mostly UTF-8 with one broken byte keeps its good characters.
        assert_eq!(
            to_text(b"Z\xc3\xbcrich \xff caf\xc3\xa9"),
            "Zürich \u{fffd} café"
        );
    }
}
