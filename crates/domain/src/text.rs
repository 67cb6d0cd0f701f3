//! Text from a file as it may be shown back to a person: in a roster problem, an error message, a log.
//! A value quoted there is a short excerpt, never the rest of the file: at most [`EXCERPT_CHARS`]
//! characters with "…", runs of digits that look like an ID number masked as lists show them
//! (430527********123X), and control characters (a terminal escape, a bidirectional override)
//! written as `\u{..}` instead of acting on the screen.

/// The longest value quoted in a problem or a message, in characters.
pub const EXCERPT_CHARS: usize = 40;

/// A run of this many digits (an optional final X included) or more is masked: 15 is the old ID
/// number, 18 the current one, 20 a disability certificate number.
pub const MASKED_DIGITS: usize = 15;

/// Control characters (C0, DEL, C1) and the Unicode bidirectional controls that reorder what a person
/// reads. The same set as `zhucun_files::is_hostile_char`.
pub fn is_hostile_char(c: char) -> bool {
    c.is_control() || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// [`excerpt_to`] with [`EXCERPT_CHARS`].
pub fn excerpt(s: &str) -> String {
    excerpt_to(s, EXCERPT_CHARS)
}

/// A value as it may be quoted: at most `max` characters of output (then "…"), ID-number-like digit
/// runs masked, control characters escaped. Reads no further into `s` than it needs.
pub fn excerpt_to(s: &str, max: usize) -> String {
    let mut out = String::new();
    let mut used = 0usize;
    let bytes = s.as_bytes();
    let mut i = 0usize;
    while i < bytes.len() {
        if used >= max {
            out.push('…');
            return out;
        }
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            if i < bytes.len() && matches!(bytes[i], b'X' | b'x') {
                i += 1;
            }
            let run = &s[start..i];
            let token = if run.len() >= MASKED_DIGITS { mask_run(run) } else { run.to_string() };
            for c in token.chars() {
                if used >= max {
                    out.push('…');
                    return out;
                }
                out.push(c);
                used += 1;
            }
            continue;
        }
        // Not a digit: one character (the slice starts at a character boundary: digits are ASCII).
        let Some(c) = s[i..].chars().next() else { break };
        i += c.len_utf8();
        if is_hostile_char(c) {
            let esc = format!("\\u{{{:x}}}", c as u32);
            used += esc.chars().count();
            out.push_str(&esc);
        } else {
            out.push(c);
            used += 1;
        }
    }
    out
}

/// The first six and last four characters of a digit run, the middle as stars (at most twelve of them
/// for an absurdly long run).
fn mask_run(run: &str) -> String {
    let head = &run[..6];
    let tail = &run[run.len() - 4..];
    let stars = (run.len() - 10).min(12);
    format!("{head}{}{tail}", "*".repeat(stars))
}

/// Excel's name of a column: 0 → A, 25 → Z, 26 → AA, 16383 → XFD.
pub fn column_name(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        letters.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_are_cut_with_an_ellipsis() {
        let long = "村".repeat(10_000_000);
        let e = excerpt(&long);
        assert_eq!(e.chars().count(), EXCERPT_CHARS + 1);
        assert!(e.ends_with('…'));
        assert_eq!(excerpt("花园村"), "花园村", "a short value is kept as it is");
    }

    #[test]
    fn id_numbers_are_masked_wherever_they_are() {
        assert_eq!(excerpt("430527198001011234"), "430527********1234");
        assert_eq!(excerpt("张三,43052719800101123X,户主"), "张三,430527********123X,户主");
        assert_eq!(excerpt("13812345678"), "13812345678", "a phone number is not an ID number");
        assert_eq!(excerpt("2024-03-15"), "2024-03-15");
        let run = "4".repeat(5_000_000);
        let e = excerpt(&run);
        assert!(e.starts_with("444444*") && !e.contains("4444444"), "{e}");
        // Cut inside an ID number: what shows is still masked.
        let e = excerpt_to("abcdefgh430527198001011234", 12);
        assert_eq!(e, "abcdefgh4305…");
        let e = excerpt_to("abcdefgh430527198001011234", 16);
        assert_eq!(e, "abcdefgh430527**…");
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(excerpt("张三\x1b[2J"), "张三\\u{1b}[2J");
        assert_eq!(excerpt("a\u{202e}b"), "a\\u{202e}b");
        assert_eq!(excerpt("a\nb"), "a\\u{a}b");
    }

    #[test]
    fn column_names() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(16383), "XFD");
    }
}
