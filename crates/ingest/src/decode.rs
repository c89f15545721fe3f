//! Bytes to text: BOMs, UTF-8, legacy fallbacks, binary detection.

use encoding_rs::{Decoder, Encoding, REPLACEMENT, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};
use std::io::{self, BufRead, Read};

/// How much of an input is sniffed for binary content.
pub(crate) const SNIFF_BYTES: usize = 8192;

/// Judged on the first 8 KiB: more than 30% control characters, NUL bytes
/// that are several and more than 1%, or any NUL byte in something that is
/// not UTF-8 text. A stray NUL in a text file does not make it binary (it
/// is removed later).
pub(crate) fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if sample.is_empty() {
        return false;
    }
    let nuls = sample.iter().filter(|&&b| b == 0).count();
    if (nuls > 1 && nuls * 100 > sample.len()) || (nuls > 0 && !is_utf8_prefix(sample)) {
        return true;
    }
    let control = sample
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)) || b == 0x7f)
        .count();
    control * 10 > sample.len() * 3
}

/// Valid UTF-8, allowing a character cut off at the end of the sample.
fn is_utf8_prefix(sample: &[u8]) -> bool {
    match std::str::from_utf8(sample) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none(),
    }
}

/// The UTF-16 encoding of `bytes`: announced by a byte-order mark, or,
/// without one, told by its NUL bytes: text in Latin script written as
/// UTF-16 has a NUL in (nearly) every other byte, on one side only.
pub(crate) fn utf16_of(bytes: &[u8]) -> Option<&'static Encoding> {
    match Encoding::for_bom(bytes) {
        Some((enc, _)) if enc == UTF_16LE || enc == UTF_16BE => return Some(enc),
        Some(_) => return None,
        None => {}
    }
    let sample = &bytes[..bytes.len().min(SNIFF_BYTES) & !1];
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let zero_at = |parity: usize| {
        sample
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let control_at = |parity: usize| {
        sample
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
            .count()
    };
    let (even, odd) = (zero_at(0), zero_at(1));
    let mostly = |n: usize| n * 10 >= pairs * 7;
    let hardly = |n: usize| n * 20 <= pairs;
    // The other byte of each pair carries the letters: mostly printable.
    if mostly(odd) && hardly(even) && hardly(control_at(0)) {
        Some(UTF_16LE)
    } else if mostly(even) && hardly(odd) && hardly(control_at(1)) {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Outcome of decoding a whole file.
pub(crate) enum Decoded {
    Text(String, Option<String>),
    Binary,
}

/// Decodes a file's bytes. UTF-16 (with or without BOM) and UTF-8 BOMs are
/// honoured; otherwise
/// UTF-8 is tried, then (for HTML) a declared `charset`, then Windows-1252,
/// which maps every byte, so a stray Latin-1 file is still read. The second
/// field of `Text` is a warning when the encoding had to be guessed.
pub(crate) fn decode(bytes: &[u8], html: bool) -> Decoded {
    if let Some(enc) = utf16_of(bytes) {
        let (text, had_errors) = enc.decode_with_bom_removal(bytes);
        let warning = had_errors.then(|| format!("invalid {} replaced", enc.name()));
        return Decoded::Text(text.into_owned(), warning);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if looks_binary(bytes) {
        return Decoded::Binary;
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Decoded::Text(s.to_string(), None),
        Err(_) => {
            let (text, warning) = decode_non_utf8(bytes, html);
            Decoded::Text(text, Some(warning))
        }
    }
}

/// Text (a corpus line) that is not valid UTF-8.
pub(crate) fn decode_line(bytes: &[u8]) -> (String, Option<String>) {
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), None),
        Err(_) => {
            let (text, warning) = decode_non_utf8(bytes, false);
            (text, Some(warning))
        }
    }
}

fn decode_non_utf8(bytes: &[u8], html: bool) -> (String, String) {
    if html {
        if let Some(enc) = declared_charset(bytes) {
            let (text, _) = enc.decode_without_bom_handling(bytes);
            return (
                text.into_owned(),
                format!("not valid UTF-8; read as declared {}", enc.name()),
            );
        }
    }
    // Mostly UTF-8 with a few bad bytes: replacing them keeps the rest
    // right, where Windows-1252 would garble every accented letter.
    let (valid_multibyte, invalid) = utf8_balance(bytes);
    if valid_multibyte > invalid {
        return (
            String::from_utf8_lossy(bytes).into_owned(),
            format!("{invalid} invalid UTF-8 sequence(s) replaced"),
        );
    }
    let (text, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
    (
        text.into_owned(),
        "not valid UTF-8; read as windows-1252".to_string(),
    )
}

/// Counts valid non-ASCII characters and invalid sequences.
fn utf8_balance(bytes: &[u8]) -> (usize, usize) {
    let mut valid = 0;
    let mut invalid = 0;
    for chunk in bytes.utf8_chunks() {
        valid += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            invalid += 1;
        }
    }
    (valid, invalid)
}

/// A `charset=` declared near the top of an HTML page (meta tag), when it
/// names a usable single- or multi-byte encoding other than UTF-8/16.
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head: Vec<u8> = bytes[..bytes.len().min(4096)].to_ascii_lowercase();
    let needle = b"charset=";
    let at = head.windows(needle.len()).position(|w| w == needle)? + needle.len();
    let rest = &head[at..];
    let rest = rest
        .iter()
        .position(|b| !matches!(b, b'"' | b'\'' | b' '))
        .map(|i| &rest[i..])?;
    let end = rest
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.')))
        .unwrap_or(rest.len());
    let enc = Encoding::for_label(&rest[..end])?;
    if enc == UTF_8 || enc == UTF_16LE || enc == UTF_16BE || enc == REPLACEMENT {
        return None;
    }
    Some(enc)
}

/// Turns a UTF-16 byte stream into UTF-8 as it is read, so a UTF-16 corpus
/// can be split into lines without being loaded whole.
pub(crate) struct Transcode<R> {
    inner: R,
    decoder: Decoder,
    out: Vec<u8>,
    pos: usize,
    done: bool,
}

impl<R: BufRead> Transcode<R> {
    pub(crate) fn new(inner: R, enc: &'static Encoding) -> Transcode<R> {
        Transcode {
            inner,
            decoder: enc.new_decoder_with_bom_removal(),
            out: Vec::new(),
            pos: 0,
            done: false,
        }
    }
}

impl<R: BufRead> Read for Transcode<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.pos >= self.out.len() {
            if self.done {
                return Ok(0);
            }
            self.out.clear();
            self.pos = 0;
            let input = self.inner.fill_buf()?;
            let input = &input[..input.len().min(64 * 1024)];
            let last = input.is_empty();
            let cap = self
                .decoder
                .max_utf8_buffer_length(input.len())
                .unwrap_or(input.len() * 3 + 16);
            self.out.resize(cap, 0);
            let (_, read, written, _) = self.decoder.decode_to_utf8(input, &mut self.out, last);
            self.out.truncate(written);
            self.inner.consume(read);
            self.done = last;
        }
        let n = buf.len().min(self.out.len() - self.pos);
        buf[..n].copy_from_slice(&self.out[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_heuristics() {
        assert!(looks_binary(b"\xFF\xD8\xFF\xE0\x00\x10JFIF"));
        assert!(looks_binary(&[1u8, 2, 3, b'a', 4, 5, 6]));
        assert!(looks_binary(&[0u8; 4096]));
        assert!(!looks_binary(b"Plain text\twith tabs\r\n"));
        assert!(!looks_binary(b""));
    }

    #[test]
    fn one_nul_in_long_text_is_not_binary() {
        let mut text = "Chile bought two frigates from the Netherlands. ".repeat(10);
        text.insert(40, '\0');
        assert!(!looks_binary(text.as_bytes()));
    }

    #[test]
    fn utf16_without_bom_is_recognised() {
        let le: Vec<u8> = "Peru ordered trainers."
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let be: Vec<u8> = "Peru ordered trainers."
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(utf16_of(&le), Some(UTF_16LE));
        assert_eq!(utf16_of(&be), Some(UTF_16BE));
        assert_eq!(utf16_of(b"Plain ASCII text"), None);
        match decode(&le, false) {
            Decoded::Text(t, None) => assert_eq!(t, "Peru ordered trainers."),
            _ => panic!("expected text"),
        }
    }

    #[test]
    fn mostly_utf8_with_one_bad_byte_stays_utf8() {
        let mut bytes = "Peru’s ministry in Bogotá".as_bytes().to_vec();
        bytes.push(0xFF);
        match decode(&bytes, false) {
            Decoded::Text(t, Some(_)) => assert!(t.starts_with("Peru’s ministry in Bogotá")),
            _ => panic!("expected text with a warning"),
        }
    }

    #[test]
    fn html_declared_charset_is_used() {
        let mut bytes = b"<meta charset=\"iso-8859-2\"><p>".to_vec();
        bytes.push(0xB3); // ł in ISO-8859-2
        bytes.extend_from_slice(b"</p>");
        match decode(&bytes, true) {
            Decoded::Text(t, Some(w)) => {
                assert!(t.contains('ł'), "{t}");
                assert!(w.contains("ISO-8859-2"), "{w}");
            }
            _ => panic!("expected text with a warning"),
        }
    }

    #[test]
    fn transcodes_utf16_stream() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "línea\nsecond".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let mut out = String::new();
        Transcode::new(&bytes[..], UTF_16LE)
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(out, "línea\nsecond");
    }
}
